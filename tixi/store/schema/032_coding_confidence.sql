-- Every automatic coding carries a confidence (issue 10): the probability the coder gives it; NULL
-- for codings made by hand.

ALTER TABLE codings ADD COLUMN confidence REAL;
