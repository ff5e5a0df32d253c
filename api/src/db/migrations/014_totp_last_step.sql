-- RFC 6238 §5.2: a code is accepted once. The step (30 s counter) of the last accepted code per
-- user: a login needs a newer one, so neither the same code nor the previous step's is taken again.
alter table users add column last_totp_step bigint;
