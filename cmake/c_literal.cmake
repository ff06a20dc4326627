# c_literal(OUT TEXT): sets OUT to TEXT as the inside of a C string literal, one source line per
# line of TEXT (backslashes, quotes, tabs escaped; '?' too, against trigraphs). Included by the
# script-mode embedders (embed_run.cmake, embed_superseded_run.cmake).
function(c_literal OUT TEXT)
  string(REPLACE "\\" "\\\\" TEXT "${TEXT}")
  string(REPLACE "\"" "\\\"" TEXT "${TEXT}")
  string(REPLACE "?" "\\?" TEXT "${TEXT}")
  string(REPLACE "\t" "\\t" TEXT "${TEXT}")
  string(REPLACE "\n" "\\n\"\n    \"" TEXT "${TEXT}")
  set(${OUT} "${TEXT}" PARENT_SCOPE)
endfunction()
