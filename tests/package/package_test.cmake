# CTest: installs this build into a scratch prefix, then builds and runs a small program
# against it twice — with find_package(kfk) and with pkg-config — as a user of the package
# would, and configures kfk as a subproject. Run with cmake -P and: BUILD_DIR, WORK_DIR,
# SOURCE_DIR (this folder), KFK_SOURCE_DIR, DEPS_PREFIX (librdkafka's prefix), CXX, PKG_CONFIG.
cmake_minimum_required(VERSION 3.25)

function(run_step what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        string(JOIN " " command ${ARGN})
        message(FATAL_ERROR "package test: ${what} failed (${rc})\n"
                            "command: ${command}\n--- stdout\n${out}\n--- stderr\n${err}")
    endif()
    set(step_output "${out}" PARENT_SCOPE)
endfunction()

set(prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})
run_step("cmake --install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

# 1. find_package(kfk)
# The environment's CMAKE_PREFIX_PATH (":"-separated): a ";" list would not survive run_step.
run_step("configure the find_package consumer"
         ${CMAKE_COMMAND} -E env CMAKE_PREFIX_PATH=${prefix}:${DEPS_PREFIX}
         ${CMAKE_COMMAND} -S ${SOURCE_DIR}/consumer -B ${WORK_DIR}/with-cmake
         -DCMAKE_CXX_COMPILER=${CXX})
run_step("build the find_package consumer" ${CMAKE_COMMAND} --build ${WORK_DIR}/with-cmake)
run_step("run the find_package consumer" ${WORK_DIR}/with-cmake/uses_kfk)
if(NOT step_output MATCHES "^kfk [0-9]")
    message(FATAL_ERROR "package test: unexpected output from the find_package build: ${step_output}")
endif()

# 2. pkg-config
file(GLOB pc_dirs ${prefix}/lib*/pkgconfig ${prefix}/lib/*/pkgconfig)
list(APPEND pc_dirs ${DEPS_PREFIX}/lib/pkgconfig)
string(REPLACE ";" ":" pc_path "${pc_dirs}")
run_step("pkg-config --cflags --libs kfk"
         ${CMAKE_COMMAND} -E env PKG_CONFIG_PATH=${pc_path} ${PKG_CONFIG} --cflags --libs kfk)
string(STRIP "${step_output}" pc_flags)
separate_arguments(pc_flags UNIX_COMMAND "${pc_flags}")
file(MAKE_DIRECTORY ${WORK_DIR}/with-pkg-config)
run_step("build the pkg-config consumer"
         ${CXX} -std=c++20 ${SOURCE_DIR}/consumer/main.cpp ${pc_flags}
         -o ${WORK_DIR}/with-pkg-config/uses_kfk)
run_step("run the pkg-config consumer"
         ${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${DEPS_PREFIX}/lib
         ${WORK_DIR}/with-pkg-config/uses_kfk)
if(NOT step_output MATCHES "^kfk [0-9]")
    message(FATAL_ERROR "package test: unexpected output from the pkg-config build: ${step_output}")
endif()
# 3. add_subdirectory(kfk): configures the libraries only (no CLI, tests, examples, benchmarks).
run_step("configure kfk as a subproject"
         ${CMAKE_COMMAND} -E env CMAKE_PREFIX_PATH=${DEPS_PREFIX}
         ${CMAKE_COMMAND} -S ${SOURCE_DIR}/subproject -B ${WORK_DIR}/as-subproject
         -DCMAKE_CXX_COMPILER=${CXX} -DKFK_SOURCE_DIR=${KFK_SOURCE_DIR})
message(STATUS "package test: find_package and pkg-config consumers built and ran; "
               "kfk as a subproject configures its libraries only")
