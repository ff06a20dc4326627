-- Seed: received → accepted (with the deadline of the center's policy) or → declined (with a
-- reason and referral advice), for the planned cases that got that far.
-- $1 seed (bigint)
UPDATE cases c
SET status = CASE WHEN p.declined_at IS NOT NULL THEN 'declined' ELSE 'accepted' END::case_status,
    accepted_at = p.accepted_at, due_at = p.due_at, declined_at = p.declined_at,
    decline_reason = CASE WHEN p.declined_at IS NOT NULL THEN
        (ARRAY['纠纷已进入诉讼程序', '不属于人民调解受理范围', '一方当事人明确拒绝调解',
               '申请人未能提供基本事实和证据', '属于信访事项，应按信访程序处理'])
            [1 + floor(5 * seed_u($1, p.n, 53))::int] END,
    referral_advice = CASE WHEN p.declined_at IS NOT NULL THEN
        (ARRAY['建议向区人民法院起诉', '建议向区劳动人事争议仲裁委员会申请仲裁',
               '建议向区信访局反映', '建议补充材料后重新申请', '建议向辖区派出所报案'])
            [1 + floor(5 * seed_u($1, p.n, 54))::int] END,
    version = c.version + 1
FROM seed_plan p
WHERE c.id = p.id AND (p.accepted_at IS NOT NULL OR p.declined_at IS NOT NULL)
