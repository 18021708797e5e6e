# Configures the project against a fake librdkafka 2.0.2 (Debian 12's) and checks that
# configure fails with a message naming the version found and the fix.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/pc ${WORK_DIR}/build ${WORK_DIR}/prefix/include ${WORK_DIR}/prefix/lib)
file(WRITE ${WORK_DIR}/pc/rdkafka.pc
"prefix=${WORK_DIR}/prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include
Name: librdkafka
Description: fake Debian 12 librdkafka for kfk's configure check
Version: 2.0.2
Libs: -L\${libdir} -lrdkafka
Cflags: -I\${includedir}
")
set(ENV{PKG_CONFIG_PATH} ${WORK_DIR}/pc)
set(ENV{PKG_CONFIG_LIBDIR} ${WORK_DIR}/pc)
execute_process(
    COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build -DKFK_BUILD_TESTS=OFF
            -DCMAKE_PREFIX_PATH= -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
    message(FATAL_ERROR "configure succeeded against librdkafka 2.0.2; it must fail")
endif()
# CMake wraps long messages at varying points (paths differ): compare with whitespace folded.
string(REGEX REPLACE "[ \t\r\n]+" " " err "${err}")
foreach(expected "librdkafka 2.0.2 found" ">= 2.11.1" "scripts/setup.sh")
    string(FIND "${err}" "${expected}" pos)
    if(pos EQUAL -1)
        message(FATAL_ERROR "configure failed, but its message lacks '${expected}':\n${err}")
    endif()
endforeach()
message(STATUS "configure refused librdkafka 2.0.2 as expected")
