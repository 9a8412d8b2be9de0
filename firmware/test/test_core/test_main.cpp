// One main for both runners: CMake (ctest) and PlatformIO's `pio test -e native`.
#include <gtest/gtest.h>

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
