include_guard(GLOBAL)
include(CMakePackageConfigHelpers)

# Users: cmake --install build --prefix P; then find_package(kfk) with CMAKE_PREFIX_PATH=P
# gives kfk::sdk and kfk::serializers.
set(KFK_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/kfk)
install(EXPORT kfkTargets NAMESPACE kfk:: DESTINATION ${KFK_CMAKE_INSTALL_DIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/kfkConfig.cmake.in
                              ${CMAKE_CURRENT_BINARY_DIR}/kfkConfig.cmake
                              INSTALL_DESTINATION ${KFK_CMAKE_INSTALL_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/kfkConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/kfkConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/kfkConfigVersion.cmake
        DESTINATION ${KFK_CMAKE_INSTALL_DIR})
