-- One Data API call per request (issue 17): the member changes whose rules read counts under the
-- org's row lock (the last owner, the seats) run as functions, so a change is one statement
-- instead of Begin + statements + Commit. Inside a plpgsql function every statement takes a fresh
-- snapshot (READ COMMITTED), so what is read after `FOR UPDATE` on the org row includes what the
-- previous holder of the lock committed: the same guarantee the store's transactions gave. A data-
-- modifying CTE could not give it (all its parts share the statement's first snapshot).
--
-- The functions check nothing about the caller that the calling statement did not establish:
-- the store calls them from `queryAs`, joined to the caller's row (`actor`), with the org of that
-- row. They re-read the actor's role under the lock, as the transactions did. SECURITY INVOKER
-- (the default, spelled out): they run with the caller's privileges (intello_app), and PUBLIC
-- may execute them, as for every function. Outcomes are returned, not raised, so the store maps
-- each to its ApiError.

-- Sets a member's role. Outcomes: ok, unchanged, forbidden (actor below admin), forbidden_owner
-- (owner granted or taken away by a non-owner), not_found, last_owner.
CREATE FUNCTION change_member_role(
  p_org_id uuid, p_actor_id uuid, p_user_id uuid, p_role text,
  OUT outcome text, OUT member_id uuid, OUT member_email text, OUT member_role text,
  OUT member_joined_at timestamptz
) LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public AS $fn$
DECLARE
  v_actor_role text;
  v_target users%ROWTYPE;
BEGIN
  PERFORM 1 FROM orgs o WHERE o.id = p_org_id FOR UPDATE;
  SELECT u.role INTO v_actor_role FROM users u WHERE u.org_id = p_org_id AND u.id = p_actor_id;
  IF v_actor_role IS NULL OR v_actor_role NOT IN ('admin', 'owner') THEN
    outcome := 'forbidden';
    RETURN;
  END IF;
  SELECT * INTO v_target FROM users u WHERE u.org_id = p_org_id AND u.id = p_user_id;
  IF NOT FOUND THEN
    outcome := 'not_found';
    RETURN;
  END IF;
  IF (p_role = 'owner' OR v_target.role = 'owner') AND v_actor_role <> 'owner' THEN
    outcome := 'forbidden_owner';
    RETURN;
  END IF;
  outcome := 'unchanged';
  IF v_target.role <> p_role THEN
    IF v_target.role = 'owner' AND NOT EXISTS (
      SELECT 1 FROM users u WHERE u.org_id = p_org_id AND u.role = 'owner' AND u.id <> p_user_id
    ) THEN
      outcome := 'last_owner';
      RETURN;
    END IF;
    UPDATE users u SET role = p_role WHERE u.org_id = p_org_id AND u.id = p_user_id;
    INSERT INTO org_events (org_id, action, actor_id, target, details)
    VALUES (p_org_id, 'member.role_changed', p_actor_id, jsonb_build_object('type', 'user', 'id', p_user_id),
            jsonb_build_object('from', v_target.role, 'to', p_role));
    outcome := 'ok';
  END IF;
  member_id := v_target.id;
  member_email := v_target.email;
  member_role := p_role;
  member_joined_at := v_target.joined_at;
END
$fn$;

-- Removes a member, or lets the actor leave (p_user_id = p_actor_id). Outcomes: ok,
-- forbidden_member / forbidden_admin (actor gone, or below admin to remove someone else),
-- forbidden_owner (an owner removed by a non-owner), not_found, last_owner.
CREATE FUNCTION remove_member(p_org_id uuid, p_actor_id uuid, p_user_id uuid)
RETURNS text LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public AS $fn$
DECLARE
  v_leaving boolean := p_user_id = p_actor_id;
  v_actor users%ROWTYPE;
  v_target users%ROWTYPE;
BEGIN
  PERFORM 1 FROM orgs o WHERE o.id = p_org_id FOR UPDATE;
  SELECT * INTO v_actor FROM users u WHERE u.org_id = p_org_id AND u.id = p_actor_id;
  IF NOT FOUND THEN
    RETURN CASE WHEN v_leaving THEN 'forbidden_member' ELSE 'forbidden_admin' END;
  END IF;
  IF NOT v_leaving AND v_actor.role NOT IN ('admin', 'owner') THEN
    RETURN 'forbidden_admin';
  END IF;
  IF v_leaving THEN
    v_target := v_actor;
  ELSE
    SELECT * INTO v_target FROM users u WHERE u.org_id = p_org_id AND u.id = p_user_id;
    IF NOT FOUND THEN
      RETURN 'not_found';
    END IF;
  END IF;
  IF v_target.role = 'owner' AND v_actor.role <> 'owner' THEN
    RETURN 'forbidden_owner';
  END IF;
  IF v_target.role = 'owner' AND NOT EXISTS (
    SELECT 1 FROM users u WHERE u.org_id = p_org_id AND u.role = 'owner' AND u.id <> v_target.id
  ) THEN
    RETURN 'last_owner';
  END IF;
  DELETE FROM users u WHERE u.org_id = p_org_id AND u.id = v_target.id;
  INSERT INTO org_events (org_id, action, actor_id, target, details)
  VALUES (p_org_id, CASE WHEN v_leaving THEN 'member.left' ELSE 'member.removed' END, p_actor_id,
          jsonb_build_object('type', 'user', 'id', v_target.id),
          jsonb_build_object('email', v_target.email, 'role', v_target.role));
  RETURN 'ok';
END
$fn$;

-- Accepts an invitation for the verified caller (p_user_id, the token's verified p_email).
-- Locks the inviting org and the caller's current org in id order, re-reads the invitation
-- under the locks (so of N concurrent accepts of one token exactly one sees it pending), moves or
-- creates the users row, and deletes an org the move leaves empty. p_seat_limits is the plans'
-- seat limits ({"free": 3, ...}; null: unlimited), passed by the store, which owns them.
-- Outcomes: ok, not_found, email_mismatch, expired, changed (the caller's account changed
-- meanwhile: retry), already_member, seat_limit, last_owner, org_not_empty.
CREATE FUNCTION accept_invitation(
  p_token_hash text, p_user_id uuid, p_email text, p_now timestamptz, p_seat_limits jsonb,
  OUT outcome text, OUT user_id uuid, OUT user_org_id uuid, OUT user_email text, OUT user_role text,
  OUT user_created_at timestamptz, OUT user_last_synced_at timestamptz,
  OUT org_name text, OUT org_plan text, OUT org_created_at timestamptz
) LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public AS $fn$
DECLARE
  v_seen org_invitations%ROWTYPE;
  v_seen_org uuid;
  v_inv org_invitations%ROWTYPE;
  v_org orgs%ROWTYPE;
  v_user users%ROWTYPE;
  v_had_user boolean;
  v_joined users%ROWTYPE;
  v_limit int;
  v_members int;
  v_delete_old boolean := false;
  v_at timestamptz;
BEGIN
  -- Read without locks only to learn which orgs to lock; both are read again under the locks.
  SELECT * INTO v_seen FROM org_invitations i WHERE i.token_hash = p_token_hash;
  IF NOT FOUND OR v_seen.status <> 'pending' THEN
    outcome := 'not_found';
    RETURN;
  END IF;
  SELECT u.org_id INTO v_seen_org FROM users u WHERE u.id = p_user_id;
  PERFORM 1 FROM orgs o WHERE o.id IN (v_seen.org_id, v_seen_org) ORDER BY o.id FOR UPDATE;
  SELECT * INTO v_inv FROM org_invitations i WHERE i.token_hash = p_token_hash;
  SELECT * INTO v_org FROM orgs o WHERE o.id = v_seen.org_id;
  IF v_inv.id IS NULL OR v_inv.status <> 'pending' OR v_org.id IS NULL THEN
    outcome := 'not_found';
    RETURN;
  END IF;
  IF p_email IS NULL OR lower(p_email) <> v_inv.email THEN
    outcome := 'email_mismatch';
    RETURN;
  END IF;
  IF v_inv.expires_at <= p_now THEN
    outcome := 'expired';
    RETURN;
  END IF;
  SELECT * INTO v_user FROM users u WHERE u.id = p_user_id;
  v_had_user := FOUND;
  IF v_user.org_id IS DISTINCT FROM v_seen_org THEN
    outcome := 'changed';
    RETURN;
  END IF;
  IF v_had_user AND v_user.org_id = v_org.id THEN
    outcome := 'already_member';
    RETURN;
  END IF;
  v_limit := (p_seat_limits ->> v_org.plan)::int;
  IF v_limit IS NOT NULL AND (SELECT count(*) FROM users u WHERE u.org_id = v_org.id) + 1 > v_limit THEN
    outcome := 'seat_limit';
    org_plan := v_org.plan;
    RETURN;
  END IF;
  IF v_had_user THEN
    SELECT count(*) INTO v_members FROM users u WHERE u.org_id = v_user.org_id;
    IF v_members > 1 THEN
      IF v_user.role = 'owner' AND NOT EXISTS (
        SELECT 1 FROM users u WHERE u.org_id = v_user.org_id AND u.role = 'owner' AND u.id <> v_user.id
      ) THEN
        outcome := 'last_owner';
        RETURN;
      END IF;
    ELSIF EXISTS (SELECT 1 FROM specs s WHERE s.org_id = v_user.org_id) THEN
      outcome := 'org_not_empty';
      RETURN;
    ELSE
      v_delete_old := true;
    END IF;
    UPDATE users u SET org_id = v_org.id, role = v_inv.role, email = p_email, joined_at = now(), last_synced_at = now()
     WHERE u.id = p_user_id RETURNING * INTO v_joined;
    IF v_delete_old THEN
      DELETE FROM orgs o WHERE o.id = v_user.org_id;
    ELSE
      INSERT INTO org_events (org_id, action, actor_id, target, details)
      VALUES (v_user.org_id, 'member.left', p_user_id, jsonb_build_object('type', 'user', 'id', p_user_id),
              jsonb_build_object('email', v_user.email, 'role', v_user.role, 'joinedOrgId', v_org.id));
    END IF;
  ELSE
    -- A concurrent first sync may insert the row first: then nothing is inserted and the caller retries.
    INSERT INTO users (id, org_id, email, role) VALUES (p_user_id, v_org.id, p_email, v_inv.role)
    ON CONFLICT (id) DO NOTHING RETURNING * INTO v_joined;
    IF v_joined.id IS NULL THEN
      outcome := 'changed';
      RETURN;
    END IF;
  END IF;
  UPDATE org_invitations i SET status = 'accepted', closed_at = p_now, accepted_by = p_user_id
   WHERE i.id = v_inv.id AND i.status = 'pending';
  -- Two events of one change: created_at has millisecond precision and ids are random, so the
  -- second is stamped a millisecond after the first to keep the log's order (created_at, id) the
  -- order they happened in.
  v_at := clock_timestamp();
  INSERT INTO org_events (org_id, action, actor_id, target, details, created_at)
  VALUES (v_org.id, 'invitation.accepted', p_user_id, jsonb_build_object('type', 'invitation', 'id', v_inv.id),
          jsonb_build_object('email', v_inv.email, 'role', v_inv.role), v_at);
  INSERT INTO org_events (org_id, action, actor_id, target, details, created_at)
  VALUES (v_org.id, 'member.joined', p_user_id, jsonb_build_object('type', 'user', 'id', p_user_id),
          jsonb_build_object('email', v_inv.email, 'role', v_inv.role, 'invitationId', v_inv.id),
          v_at + interval '1 millisecond');
  outcome := 'ok';
  user_id := v_joined.id;
  user_org_id := v_joined.org_id;
  user_email := v_joined.email;
  user_role := v_joined.role;
  user_created_at := v_joined.created_at;
  user_last_synced_at := v_joined.last_synced_at;
  org_name := v_org.name;
  org_plan := v_org.plan;
  org_created_at := v_org.created_at;
END
$fn$;

-- Invites p_email (lower-cased by the store) with p_role. Outcomes: ok, org_not_found,
-- forbidden (actor below admin), already_member, seat_limit. A pending invitation for the email
-- is replaced; replacing a live one hands its seat on, so only otherwise is a free seat needed.
-- Every refusal is decided before anything changes.
CREATE FUNCTION create_invitation(
  p_org_id uuid, p_actor_id uuid, p_email text, p_role text, p_token_hash text,
  p_now timestamptz, p_expires_at timestamptz, p_expires_at_iso text, p_seat_limits jsonb,
  OUT outcome text, OUT id uuid, OUT org_id uuid, OUT email text, OUT role text, OUT status text,
  OUT invited_by uuid, OUT created_at timestamptz, OUT expires_at timestamptz, OUT org_plan text,
  OUT seat_limit int
) LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public AS $fn$
#variable_conflict use_column
DECLARE
  v_plan text;
  v_live boolean;
  v_replaced uuid;
  v_inv org_invitations%ROWTYPE;
BEGIN
  SELECT o.plan INTO v_plan FROM orgs o WHERE o.id = p_org_id FOR UPDATE;
  IF NOT FOUND THEN
    outcome := 'org_not_found';
    RETURN;
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM users u WHERE u.org_id = p_org_id AND u.id = p_actor_id AND u.role IN ('admin', 'owner')
  ) THEN
    outcome := 'forbidden';
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM users u WHERE u.org_id = p_org_id AND lower(u.email) = p_email) THEN
    outcome := 'already_member';
    RETURN;
  END IF;
  v_live := EXISTS (
    SELECT 1 FROM org_invitations i
     WHERE i.org_id = p_org_id AND i.email = p_email AND i.status = 'pending' AND i.expires_at > p_now
  );
  seat_limit := (p_seat_limits ->> v_plan)::int;
  IF NOT v_live AND seat_limit IS NOT NULL AND
     (SELECT count(*) FROM users u WHERE u.org_id = p_org_id) +
     (SELECT count(*) FROM org_invitations i
       WHERE i.org_id = p_org_id AND i.status = 'pending' AND i.expires_at > p_now) + 1 > seat_limit THEN
    outcome := 'seat_limit';
    org_plan := v_plan;
    RETURN;
  END IF;
  UPDATE org_invitations i SET status = 'replaced', closed_at = p_now
   WHERE i.org_id = p_org_id AND i.email = p_email AND i.status = 'pending'
   RETURNING i.id INTO v_replaced;
  INSERT INTO org_invitations (org_id, email, role, token_hash, invited_by, created_at, expires_at)
  VALUES (p_org_id, p_email, p_role, p_token_hash, p_actor_id, p_now, p_expires_at)
  RETURNING * INTO v_inv;
  INSERT INTO org_events (org_id, action, actor_id, target, details)
  VALUES (p_org_id, 'invitation.created', p_actor_id, jsonb_build_object('type', 'invitation', 'id', v_inv.id),
          jsonb_build_object('email', p_email, 'role', p_role, 'expiresAt', p_expires_at_iso)
            || CASE WHEN v_replaced IS NULL THEN '{}'::jsonb
                    ELSE jsonb_build_object('replacedInvitationId', v_replaced) END);
  outcome := 'ok';
  id := v_inv.id;
  org_id := v_inv.org_id;
  email := v_inv.email;
  role := v_inv.role;
  status := v_inv.status;
  invited_by := v_inv.invited_by;
  created_at := v_inv.created_at;
  expires_at := v_inv.expires_at;
END
$fn$;

-- Creates an org API key and its api_key.created event. Outcomes: ok, org_not_found,
-- key_limit (p_max_active keys neither revoked nor expired at p_now already).
CREATE FUNCTION create_org_api_key(
  p_org_id uuid, p_actor_id uuid, p_name text, p_hash text, p_start text, p_scopes text[],
  p_now timestamptz, p_days int, p_max_active int
) RETURNS TABLE (
  outcome text, id uuid, org_id uuid, name text, scopes text[], start text, created_by uuid,
  created_at timestamptz, expires_at timestamptz, revoked_at timestamptz, last_used_at timestamptz
) LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public AS $fn$
#variable_conflict use_column
DECLARE
  v_key org_api_keys%ROWTYPE;
BEGIN
  PERFORM 1 FROM orgs o WHERE o.id = p_org_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'org_not_found', NULL::uuid, NULL::uuid, NULL::text, NULL::text[], NULL::text,
      NULL::uuid, NULL::timestamptz, NULL::timestamptz, NULL::timestamptz, NULL::timestamptz;
    RETURN;
  END IF;
  IF (SELECT count(*) FROM org_api_keys k
       WHERE k.org_id = p_org_id AND k.revoked_at IS NULL AND k.expires_at > p_now) >= p_max_active THEN
    RETURN QUERY SELECT 'key_limit', NULL::uuid, NULL::uuid, NULL::text, NULL::text[], NULL::text,
      NULL::uuid, NULL::timestamptz, NULL::timestamptz, NULL::timestamptz, NULL::timestamptz;
    RETURN;
  END IF;
  INSERT INTO org_api_keys (org_id, name, key_hash, start, scopes, created_by, created_at, expires_at)
  VALUES (p_org_id, p_name, p_hash, p_start, p_scopes, p_actor_id, p_now, p_now + make_interval(days => p_days))
  RETURNING * INTO v_key;
  INSERT INTO org_events (org_id, action, actor_id, target, details)
  VALUES (p_org_id, 'api_key.created', p_actor_id, jsonb_build_object('type', 'api_key', 'id', v_key.id),
          jsonb_build_object('name', v_key.name, 'scopes', to_jsonb(v_key.scopes), 'start', v_key.start,
                             'expiresAt', v_key.expires_at));
  RETURN QUERY SELECT 'ok', v_key.id, v_key.org_id, v_key.name, v_key.scopes, v_key.start, v_key.created_by,
    v_key.created_at, v_key.expires_at, v_key.revoked_at, v_key.last_used_at;
END
$fn$;
