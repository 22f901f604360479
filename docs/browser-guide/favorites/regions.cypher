// regions: Regions in the graph with their memberships and how many challenges each faces.
// Parameters (null = no filter):
//   country (string, optional): Country name or ISO code, e.g. Slovakia or SK
//   rsp_member (bool, optional): true: partnership members only; false: the others
//   ara_member (bool, optional): true: Automotive Regions Alliance members only
// Set them first, e.g.:
//   :param country => 'SK';
//   :param rsp_member => null;
//   :param ara_member => null;
MATCH (r:Region)
WHERE ($country IS NULL OR toLower(r.country) = toLower($country)
       OR toLower(r.country_code) = toLower($country))
  AND ($rsp_member IS NULL OR r.rsp_member = $rsp_member)
  AND ($ara_member IS NULL OR r.ara_member = $ara_member)
OPTIONAL MATCH (r)-[:FACES]->(c:Challenge)
RETURN r.id AS id, r.name AS name, r.country AS country, r.country_code AS country_code,
       r.nuts_code AS nuts_code,
       r.rsp_member AS rsp_member, r.ara_member AS ara_member,
       r.member_since AS member_since, count(c) AS challenges, r.verified AS verified
ORDER BY name
