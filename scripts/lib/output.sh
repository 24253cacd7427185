# Sourced by scripts/* and ./stepwise: colours only where a person reads them.
# A stream may carry ANSI colours only when it is a terminal and NO_COLOR is unset or empty
# (no-color.org). Maven 3.8 writes colour resets even in batch mode (-B), and the programs it runs
# decide for themselves, so output bound for a file or a pipe is cleaned here.

# colour_on FD : whether file descriptor FD (1 or 2) may carry colours.
colour_on() {
  [[ -t "$1" && -z "${NO_COLOR:-}" ]]
}

# without_colour : copies standard input to standard output without ANSI escape sequences.
without_colour() {
  sed -u $'s/\x1b\\[[0-9;?]*[A-Za-z]//g'
}

# plain COMMAND... : runs COMMAND; its standard output and error lose their ANSI escapes unless
# they go to a terminal that may show colours. Returns COMMAND's status (callers set pipefail).
# When both streams may show colours, COMMAND runs on them directly, so it sees its terminal.
plain() {
  if colour_on 1 && colour_on 2; then
    "$@"
    return
  fi
  local out=without_colour err=without_colour
  if colour_on 1; then out=cat; fi
  if colour_on 2; then err=cat; fi
  { "$@" 2>&1 1>&3 3>&- | "$err"; } 3>&1 1>&2 | "$out"
}
