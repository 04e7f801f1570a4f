-- How many postings each gram of the near-match index has per region and kind (targets 'T', addresses 'A'): the repeat
-- search reads these counts first and leaves out the grams most cases share, so that its work does not grow with the
-- number of cases. RepeatIndex keeps them in the transaction that writes repeat_bigram; the read-model rebuild
-- recounts them. Filled here from the postings already there.
CREATE TABLE repeat_bigram_count
(
    region_code TEXT   NOT NULL,
    kind        TEXT   NOT NULL,
    bigram      TEXT   NOT NULL,
    postings    BIGINT NOT NULL,
    PRIMARY KEY (region_code, kind, bigram)
);

INSERT INTO repeat_bigram_count (region_code, kind, bigram, postings)
SELECT region_code, kind, bigram, COUNT(*) FROM repeat_bigram GROUP BY region_code, kind, bigram;
