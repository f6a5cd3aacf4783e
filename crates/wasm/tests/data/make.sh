#!/usr/bin/env bash
# Regenerates the parity test's dataset: a slice of the committed sample-data/ with 300
# customers and all their periods. It keeps every customer that has a credit split, then every
# 7th other customer by id until there are 300; all of managers.csv; the credit splits of the
# kept customers. Run from anywhere; rewrites the three CSV files beside this script.
# An optional argument names another source directory (default: the repository's sample-data/).
#
# The files here were sliced from sample-data/ as committed in f3c3924. They need not follow
# later changes of sample-data/: the test only needs a fixed, varied dataset, and regenerating
# it means regenerating the golden file as well.
# After a change here, update the golden snapshot too:
#   INSTA_UPDATE=always cargo test -p branchlens-wasm --test parity
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="${1:-$here/../../../../sample-data}"
want=300

ids=$(awk -F, -v want="$want" '
  FNR == 1 { next }
  FILENAME ~ /credit_splits/ { split_c[$1] = 1; next }
  !seen[$2]++ { order[n++] = $2 }
  END {
    for (i = 0; i < n; i++) if (order[i] in split_c) { keep[order[i]] = 1; k++ }
    for (i = 0; i < n && k < want; i++) if (!(order[i] in split_c) && i % 7 == 0) { keep[order[i]] = 1; k++ }
    for (c in keep) print c
  }' "$src/credit_splits.csv" "$src/customers.csv" | sort)

filter() { # $1 file, $2 customer-id column
  awk -F, -v col="$2" 'NR == FNR { keep[$1] = 1; next } FNR == 1 || ($col in keep)' <(printf '%s\n' "$ids") "$1"
}
filter "$src/customers.csv" 2 > "$here/customers.csv"
filter "$src/credit_splits.csv" 1 > "$here/credit_splits.csv"
cp "$src/managers.csv" "$here/managers.csv"
printf 'customers: %s ids, %s rows; credit_splits: %s rows\n' \
  "$(printf '%s\n' "$ids" | wc -l)" "$(($(wc -l < "$here/customers.csv") - 1))" "$(($(wc -l < "$here/credit_splits.csv") - 1))"
