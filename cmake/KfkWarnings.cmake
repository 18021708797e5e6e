include_guard(GLOBAL)

# Applies the project's warning policy to one of our own targets (never to third-party code).
function(kfk_set_warnings target)
    target_compile_options(
        ${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wcast-align
                          "$<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor;-Wold-style-cast;-Woverloaded-virtual>")
    if(KFK_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
