# Guards: --map canon=source wins over a built-in alias (Kunde, not user_id, becomes user) and names
# columns no alias knows; with --keep-extra the overridden alias column is an extra, not the user.
ec-ingest --map user=Kunde,item=Artikel,ts=Zeit,event=Aktion data/map.csv
ec-ingest -q --keep-extra --map user=Kunde,item=Artikel,ts=Zeit,event=Aktion data/map.csv
