// Entry point of the virtual-rig host executable. PlatformIO's `pio test -e native` links the
// same sources into its test runner, which has its own main.
#include "virtual_rig.h"

#ifndef PIO_UNIT_TESTING
int main(int argc, char** argv) { return evb::host::virtualRigMain(argc, argv); }
#endif
