-- ADR 0052: a credential an admin minted for another user acts only in the organizations recorded here (those the
-- admin administered and the user was an active member of, at minting). NULL: every active membership of its owner
-- (a credential the user minted for themself, or the create-token host command).
ALTER TABLE api_credentials ADD COLUMN organization_ids bigint[] NULL;
