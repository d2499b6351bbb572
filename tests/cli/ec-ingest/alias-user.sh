# Guards: every built-in spelling of the user column (user_id userId uid visitorid customer_id CustomerID) maps to "user".
for h in user_id userId uid visitorid customer_id CustomerID; do
	printf '%s,item,ts,event\nU-%s,i1,1709287200,view\n' "$h" "$h" | ec-ingest -q
done
