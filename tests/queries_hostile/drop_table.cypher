// backends: ladybug
// expect: DROP changes the schema or catalogue
// ladybug-stage: screen
DROP TABLE Region
