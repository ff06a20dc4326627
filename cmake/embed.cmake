# embed_files(NAME <prefix> OUTPUT <basename> FILES <files...> [STRUCT <type>])
#
# Generates <basename>.c and <basename>.h in the build tree: an enum <PREFIX>_<FILE> per file, and an
# array of {name, text} in file-name order, so SQL statements and migrations ship inside the binary
# and a misspelt statement name is a compile error rather than a runtime one. STRUCT names the
# element type (struct embedded_<type>, default <prefix>), so that two sets of one kind (the
# server's statements and the data generator's) can be passed to the same functions.
function(embed_files)
  cmake_parse_arguments(E "" "NAME;OUTPUT;STRUCT" "FILES" ${ARGN})
  if(NOT E_STRUCT)
    set(E_STRUCT ${E_NAME})
  endif()
  list(SORT E_FILES)
  add_custom_command(
    OUTPUT ${E_OUTPUT}.c ${E_OUTPUT}.h
    COMMAND ${CMAKE_COMMAND} -DNAME=${E_NAME} -DSTRUCT=${E_STRUCT} -DOUTPUT=${E_OUTPUT} "-DFILES=${E_FILES}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${E_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
            ${PROJECT_SOURCE_DIR}/cmake/c_literal.cmake
    COMMENT "embedding ${E_NAME} files"
    VERBATIM)
endfunction()
