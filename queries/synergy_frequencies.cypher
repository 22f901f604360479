// How many regions face each challenge, and how many regions have a challenge profile at
// all: the rarity weights of the synergy score, counted in the database so that a
// one-region answer needs no other region's profile.
MATCH (r:Region)-[:FACES]->(c:Challenge)
WITH c, count(DISTINCT r) AS facing
MATCH (p:Region)-[:FACES]->(:Challenge)
RETURN c.id AS challenge, facing, count(DISTINCT p) AS profiled
ORDER BY challenge
