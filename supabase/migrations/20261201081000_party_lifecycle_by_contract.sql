-- A party becomes a customer, or a former customer, through its contract:
-- the contract and portfolio functions run as their owner (security definer)
-- or as the service role and move the lifecycle. Staff may still set it by
-- hand. A dealer or customer user writing the table directly may only keep
-- the lifecycle as it is or create a lead, so a dealer cannot turn its own
-- lead into a customer without a contract.

create function private.check_party_lifecycle_writer()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- Inside a security definer function current_user is the function's
  -- owner, and the service role and staff connect as other roles, so only
  -- direct writes through the API as a signed-in user are checked here.
  if current_user <> 'authenticated' then
    return new;
  end if;

  if new.lifecycle = 'lead' then
    return new;
  end if;

  if tg_op = 'UPDATE' and new.lifecycle is not distinct from old.lifecycle then
    return new;
  end if;

  if (select private.app_role()) in (
    'admin', 'manager', 'sales_consultant', 'call_centre_agent', 'finance', 'operations'
  ) then
    return new;
  end if;

  raise exception 'permission denied to set parties.lifecycle to %', new.lifecycle
    using
      errcode = 'insufficient_privilege',
      table = 'parties',
      column = 'lifecycle',
      detail = 'Dealer and customer users may create leads but not change the lifecycle.',
      hint = 'A party becomes a customer when its contract enters the portfolio.';
end
$$;
comment on function private.check_party_lifecycle_writer() is
  'Rejects a direct lifecycle change to customer or former_customer by a dealer or customer user.';

create trigger authorize_lifecycle_change
  before insert or update of lifecycle on public.parties
  for each row execute function private.check_party_lifecycle_writer();
