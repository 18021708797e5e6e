# Builds TARGET in BUILD_DIR and checks that it fails with EXPECTED as the first compiler
# error. Prints "KFK_COMPILE_FAIL_MISMATCH" (the test's FAIL_REGULAR_EXPRESSION) otherwise.
#   cmake -DBUILD_DIR=... -DTARGET=... -DEXPECTED=... [-DCONFIG=...] -P expect_first_error.cmake
set(config_args "")
if(CONFIG)
    set(config_args --config "${CONFIG}")
endif()
execute_process(
    COMMAND "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --target "${TARGET}" ${config_args}
    RESULT_VARIABLE result
    OUTPUT_VARIABLE output
    ERROR_VARIABLE output)

if(result EQUAL 0)
    message("KFK_COMPILE_FAIL_MISMATCH: ${TARGET} compiled, but it must not")
    return()
endif()

# GCC/Clang: "file:line:col: error: ..."; MSVC: "file(line): error C....: ...".
string(REGEX MATCH "[^\n]*(: error|: fatal error|\\): error)[^\n]*" first_error "${output}")
if(NOT first_error)
    message("KFK_COMPILE_FAIL_MISMATCH: no compiler error found in the build output:\n${output}")
    return()
endif()
string(FIND "${first_error}" "${EXPECTED}" position)
if(position EQUAL -1)
    message("KFK_COMPILE_FAIL_MISMATCH: first error is not kfk's:\n${first_error}\n\nfull output:\n${output}")
    return()
endif()
message("first compiler error, as expected:\n${first_error}")
