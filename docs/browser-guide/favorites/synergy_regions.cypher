// synergy_regions: Every region as a synergy answer shows it and as finding the region a question names needs it. Without the filters and the challenge count of `regions`: a new process parses, plans and runs this in a few ms on LadybugDB, against 40-50 ms for `regions`.
MATCH (r:Region)
RETURN r.id AS id, r.name AS name, r.country AS country, r.country_code AS country_code,
       r.nuts_code AS nuts_code, r.rsp_member AS rsp_member, r.ara_member AS ara_member
ORDER BY name
