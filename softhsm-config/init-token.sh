#!/usr/bin/env bash
# Creates a SoftHSM v2 token for keybound from the templates next to this script.
#
#   KEYBOUND_SO_PIN=... KEYBOUND_TOKEN_PIN=... softhsm-config/init-token.sh <state-dir> <token-label>
#
# <state-dir> receives softhsm2.conf and tokens/; use a folder under target/ or a temp folder.
# PINs come from the environment, never from the command line of this script. Prints the
# SOFTHSM2_CONF line to export for the processes that use the token.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -ne 2 ]]; then
  echo "usage: KEYBOUND_SO_PIN=... KEYBOUND_TOKEN_PIN=... $0 <state-dir> <token-label>" >&2
  exit 2
fi
state_dir="$1"
label="$2"
: "${KEYBOUND_SO_PIN:?set KEYBOUND_SO_PIN (security officer PIN)}"
: "${KEYBOUND_TOKEN_PIN:?set KEYBOUND_TOKEN_PIN (user PIN of the new token)}"
if [[ ${#label} -gt 32 ]]; then
  echo "token labels have at most 32 characters" >&2
  exit 2
fi
command -v softhsm2-util >/dev/null || { echo "softhsm2-util not found: apt-get install -y softhsm2" >&2; exit 3; }

mkdir -p "$state_dir/tokens"
state_dir="$(cd "$state_dir" && pwd)"
conf="$state_dir/softhsm2.conf"
sed "s|\${tokendir}|$state_dir/tokens|" "$here/softhsm2.conf.template" > "$conf"
export SOFTHSM2_CONF="$conf"

# Labels are printed blank-padded to 32 characters.
labels() { softhsm2-util --show-slots | sed -n 's/^[[:space:]]*Label:[[:space:]]*//p' | sed 's/[[:space:]]*$//'; }
if labels | grep -qxF -- "$label"; then
  echo "a token labelled '$label' already exists in $state_dir" >&2
  exit 4
fi
# softhsm2-util takes PINs only as arguments or at a terminal prompt.
softhsm2-util --init-token --free --label "$label" \
  --so-pin "$KEYBOUND_SO_PIN" --pin "$KEYBOUND_TOKEN_PIN" >/dev/null
serial="$(softhsm2-util --show-slots | awk -v l="$label" '
  /Serial number:/ { s = $3 }
  /Label:/ { sub(/^[^:]*:[[:space:]]*/, ""); sub(/[[:space:]]+$/, ""); if ($0 == l) print s }')"
echo "created token '$label' (serial $serial)" >&2
echo "export SOFTHSM2_CONF=$conf"
