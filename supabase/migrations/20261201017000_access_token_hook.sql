-- Custom access-token hook: Supabase Auth calls it before issuing a JWT and
-- uses the claims it returns. It adds the business role (app_role) and the
-- dealer or customer party the user acts for, so the UI can choose screens.
-- Policies never read these claims; they read app_users through private.*.

create function public.custom_access_token_hook(event jsonb)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  claims jsonb := coalesce(event -> 'claims', '{}'::jsonb);
  account record;
begin
  select
    private.account_role(a.user_id) as app_role,
    a.staff_id,
    a.dealer_id,
    a.party_id
  into account
  from public.app_users a
  where a.user_id = (event ->> 'user_id')::uuid;

  claims := claims - 'app_role' - 'staff_id' - 'dealer_id' - 'party_id';
  if account.app_role is not null then
    claims := claims || jsonb_strip_nulls(jsonb_build_object(
      'app_role', account.app_role,
      'staff_id', account.staff_id,
      'dealer_id', account.dealer_id,
      'party_id', account.party_id
    ));
  end if;

  return jsonb_build_object('claims', claims);
end
$$;
comment on function public.custom_access_token_hook(jsonb) is
  'Supabase custom access-token hook: adds app_role and staff_id, dealer_id or party_id to the JWT claims.';

revoke execute on function public.custom_access_token_hook(jsonb) from public, anon, authenticated, service_role;
grant execute on function public.custom_access_token_hook(jsonb) to supabase_auth_admin;
