#!/bin/sh
# Serial access to the rig needs the dialout group; say so instead of failing silently at first connect.
echo "EV Battery Station: to use a USB rig, add your user to the dialout group: sudo usermod -aG dialout \$USER (then log out and in)."
