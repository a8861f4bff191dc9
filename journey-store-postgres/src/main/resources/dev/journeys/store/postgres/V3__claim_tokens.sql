-- Schema version 3: fencing tokens on claims. Each claim takes the next number of the sequence;
-- a release names the token it holds and does nothing if the claim was taken over since (its
-- lease ran out and another caller claimed the contact). A save clears the claim and its token.
CREATE SEQUENCE journey_claim_token;
ALTER TABLE journey_contact ADD COLUMN claim_token bigint NULL;
