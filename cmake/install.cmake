# install rules, CMake package and pkg-config file (issue 5)
