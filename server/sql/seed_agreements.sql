-- Seed: the agreement of every resolved case: the planned amount in fen, written mostly, signed
-- on the close date (center's time zone), with terms and how it is to be performed.
-- $1 seed (bigint)
INSERT INTO agreements (case_id, amount_fen, form, signed_on, terms, performance_method,
                        perform_by)
SELECT p.id, p.amount_fen,
       CASE WHEN seed_u($1, p.n, 80) < 0.85 THEN 'written' ELSE 'oral' END::agreement_form,
       (p.closed_at AT TIME ZONE ce.time_zone)::date,
       CASE WHEN p.amount_fen = 0 THEN '双方互谅互让，一方赔礼道歉，今后和睦相处，不再因此事发生纠纷。'
            ELSE '被申请人向申请人支付' || (p.amount_fen / 100) || '.'
                 || lpad((p.amount_fen % 100)::text, 2, '0') || '元，双方就此事再无其他纠纷。' END,
       CASE WHEN p.amount_fen = 0 THEN NULL
            ELSE (ARRAY['当场一次性履行', '协议签订后一次性支付', '分期支付'])
                     [1 + floor(3 * seed_u($1, p.n, 81))::int] END,
       CASE WHEN p.amount_fen > 0 THEN (p.closed_at AT TIME ZONE ce.time_zone)::date
                                        + floor(90 * seed_u($1, p.n, 82))::int END
FROM seed_plan p JOIN centers ce ON ce.id = p.center_id
WHERE p.outcome = 'resolved'
