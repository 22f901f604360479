// backends: ladybug
// expect: COPY ... TO writes a file
// ladybug-stage: screen
// absent: @TMP@/out.csv
/* just a read */ cOpY (
  MATCH (r:Region) // RETURN nothing
  RETURN r.id
) tO '@TMP@/out.csv'
