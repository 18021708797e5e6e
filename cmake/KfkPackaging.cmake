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

# pkg-config users: PKG_CONFIG_PATH=P/lib/pkgconfig, then `pkg-config --cflags --libs kfk`.
# A static libkfk needs librdkafka on every link line, a shared one only at run time.
if(BUILD_SHARED_LIBS)
    set(KFK_PC_REQUIRES "nlohmann_json")
    set(KFK_PC_REQUIRES_PRIVATE "rdkafka >= ${KFK_RDKAFKA_MIN_VERSION}")
else()
    set(KFK_PC_REQUIRES "nlohmann_json, rdkafka >= ${KFK_RDKAFKA_MIN_VERSION}")
    set(KFK_PC_REQUIRES_PRIVATE "")
endif()
file(RELATIVE_PATH KFK_PC_TO_PREFIX "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
configure_file(${CMAKE_CURRENT_LIST_DIR}/kfk.pc.in ${CMAKE_CURRENT_BINARY_DIR}/kfk.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/kfk.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
