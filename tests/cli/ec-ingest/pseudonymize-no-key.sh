# Guards: --pseudonymize without a key (no --key-file, EC_KEY unset or empty) is a usage error, exit 2,
# and nothing is written.
unset EC_KEY
ec-ingest --pseudonymize user data/people.csv
echo "exit=$?"
EC_KEY= ec-ingest --pseudonymize user data/people.csv
echo "exit=$?"
