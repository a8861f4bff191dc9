-- Schema version 2: a contact whose stored state cannot be read is parked, with the reason,
-- instead of failing every claim that reaches it. A parked row is never claimed and never counts
-- as due; an operator who repairs its state sets parked_reason back to NULL.
ALTER TABLE journey_contact ADD COLUMN parked_reason text NULL;
