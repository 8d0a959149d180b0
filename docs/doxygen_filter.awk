# Doxygen input filter for the public headers (see Doxyfile.in). The headers
# use ordinary C comments so they read well as plain text; this turns them
# into doc comments on the fly:
#   - the opening comment of the file documents the file;
#   - a comment starting in column 0 documents the declaration after it;
#   - a comment after code on the same line documents that enum value/field;
#   - the banner comments between dashed lines stay plain comments.
NR == 1 && /^\/\*$/ { print "/** @file"; next }
/^\/\* -+ \*\/$/ { banner = !banner; print; next }
banner { print; next }
/^\/\* / { sub(/^\/\* /, "/** "); print; next }
/[;,{][ \t]*\/\* / && !/^[ \t]*\/\*/ { sub(/\/\* /, "/**< "); print; next }
{ print }
