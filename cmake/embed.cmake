# embed_files(NAME <prefix> OUTPUT <basename> FILES <files...>)
#
# Generates <basename>.c and <basename>.h in the build tree: an enum <PREFIX>_<FILE> per file, and an
# array of {name, text} in file-name order, so SQL statements and migrations ship inside the binary
# and a misspelt statement name is a compile error rather than a runtime one.
function(embed_files)
  cmake_parse_arguments(E "" "NAME;OUTPUT" "FILES" ${ARGN})
  list(SORT E_FILES)
  add_custom_command(
    OUTPUT ${E_OUTPUT}.c ${E_OUTPUT}.h
    COMMAND ${CMAKE_COMMAND} -DNAME=${E_NAME} -DOUTPUT=${E_OUTPUT} "-DFILES=${E_FILES}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${E_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "embedding ${E_NAME} files"
    VERBATIM)
endfunction()
