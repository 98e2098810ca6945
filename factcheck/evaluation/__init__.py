"""Scoring the service's reading, story grouping and contradiction flags against hand-labelled
pairs of statements, as a user would judge the service, in three stages:
- reading (`reading`): the share of labelled quotes covered by a claim whose facts hold the
  quoted figure (or, for an entity pair, the quoted name);
- stories (`stories`): how many stories the articles became, and B-cubed precision and recall
  of the stories against the events the catalog names;
- detection (`pairs`): which labelled contradictions are flagged, which compatible pairs are
  flagged (false alarms), flags that match no labelled pair, flags across two events.
`figures` holds the figures CI reads from these, their targets and the floor. Importers use
the specific module.
"""
