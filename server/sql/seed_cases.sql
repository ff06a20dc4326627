-- Seed: inserts the planned cases, each directly in the state its planned path leaves it in (the
-- insert guard of migration 0007 checks, in a bulk load, that the transitions reach that state):
-- received, then accepted with the deadline of the center's policy or declined with a reason and
-- referral advice, assigned to the planned mediator (the case's channel follows the mediator's),
-- in mediation from its first session, the deadline extended, closed with its outcome (from
-- received: withdrawn; from accepted or assigned: withdrawn or referred; from in_mediation: any),
-- the notes an outcome needs, prevented criminal escalations (mostly among risky cases) and mass
-- petitions, and for some resolved cases the follow-up: return visit, performance, judicial
-- confirmation. The version counts the transitions, as if each had been its own update.
-- Cases are numbered {center}-{year}-{seq} in received order with seq continuing case_counters
-- for the center and the year of received_at in the center's time zone, which it advances so
-- later intakes do not collide. Summary and claims are typical of the dispute type; the search
-- text holds summary, claims and party names, as intake writes it. Most hotline cases and some
-- grid-platform cases carry the external reference of the system that pushed them. Returns the
-- number inserted.
-- $1 center_id, $2 seed (bigint)
WITH counts AS (
    SELECT year, count(*)::int AS k FROM seed_plan GROUP BY year
), counter AS (
    INSERT INTO case_counters AS cc (center_id, year, last_seq)
    SELECT $1, year, k FROM counts
    ON CONFLICT (center_id, year) DO UPDATE SET last_seq = cc.last_seq + EXCLUDED.last_seq
    RETURNING year, last_seq
), numbered AS (
    SELECT p.*, k.last_seq - c.k
                + row_number() OVER (PARTITION BY p.year ORDER BY p.received_at, p.n) AS seq
    FROM seed_plan p JOIN counts c USING (year) JOIN counter k USING (year)
), texts AS MATERIALIZED (
    SELECT n.*,
           ce.code || '-' || n.year || '-'
           || lpad(n.seq::text, greatest(6, length(n.seq::text)), '0') AS case_no,
           (ARRAY[
               '夫妻双方因家庭琐事长期争吵，女方提出离婚，双方就子女抚养和财产分割发生争执。',
               '老人赡养问题引发子女之间矛盾，几名子女对赡养费的分担意见不一。',
               '楼上漏水导致楼下天花板受损，双方就维修费用发生争执。',
               '邻居在公共楼道堆放杂物，影响通行和消防安全，多次协商未果。',
               '两户村民因宅基地界线不清发生争议，一方翻建房屋时占用了另一方的宅基地。',
               '房屋买卖后卖方迟迟不配合办理过户手续，买方要求履行合同。',
               '装修合同履行过程中，业主认为施工质量不合格，拒付剩余工程款。',
               '借款到期后借款人未按约定还款，出借人多次催要无果。',
               '合伙经营的门店散伙后，合伙人之间就账目结算和设备分配发生争议。',
               '供货商与商户因货款结算发生纠纷，商户以质量问题为由拒付部分货款。',
               '饲养的犬只咬伤路人，双方就医疗费和误工费的赔偿发生争执。',
               '施工过程中高空坠物砸坏停放车辆，车主要求赔偿维修费用。',
               '两村村民因承包地边界发生争议，一方在争议地块上种植树木。',
               '林地承包期满后，村集体与承包户就林木处置和补偿发生分歧。',
               '旧城改造项目中，被征收户对房屋评估价格有异议，拒绝签订补偿协议。',
               '征地补偿款分配方案公布后，部分村民认为分配不公，要求重新核算。',
               '临街餐馆油烟和噪声扰民，周边居民多次投诉要求整改。',
               '小区旁工地夜间施工噪声严重影响居民休息，居民要求停工并赔偿。',
               '公司拖欠员工三个月工资，员工多次讨要未果。',
               '员工在工作中受伤，与用人单位就工伤待遇和赔偿发生争议。',
               '消费者在健身房办理年卡后健身房停业，要求退还剩余费用。',
               '购买的家电出现质量问题，商家拒绝退换，消费者要求退款并赔偿。',
               '患者手术后出现并发症，家属认为医院存在过错，要求赔偿。',
               '患者家属对诊疗费用和治疗效果有异议，与医院发生争执。',
               '电动车与行人相撞造成行人骨折，双方就医疗费和误工费的赔偿协商未果。',
               '两车发生追尾事故，责任认定后双方就车辆维修费用的赔偿发生争议。',
               '业主以物业服务不到位为由拒交物业费，物业公司催缴未果。',
               '小区停车位收费和管理引发业主与物业公司之间的矛盾。',
               '商铺租赁到期后，承租人与出租人就押金退还和装修补偿发生争议。',
               '村民因红白喜事占用道路发生口角，双方情绪激动。'
           ])[2 * n.type_index - 1 + (seed_u($2, n.n, 50) < 0.5)::int] AS summary,
           format((ARRAY['要求依法分割共同财产，子女由申请人抚养', '要求赔偿维修费%s元',
                         '要求停止侵占，恢复原状', '要求支付剩余款项%s元', '要求结算账目并支付%s元',
                         '要求赔偿医疗费、误工费共计%s元', '要求确认争议地块的承包经营权',
                         '要求提高补偿%s元', '要求停止侵害并赔偿损失%s元', '要求支付拖欠工资%s元',
                         '要求退款%s元', '要求赔偿医疗费用及其他损失%s元', '要求赔偿各项损失%s元',
                         '要求物业改进服务，减免物业费%s元', '要求退还押金%s元'])[n.type_index],
                  round((ARRAY[20000, 2000, 30000, 50000, 80000, 8000, 20000, 120000, 15000,
                               12000, 1500, 60000, 30000, 2500, 5000])[n.type_index]
                        * (0.5 + 2 * seed_u($2, n.n, 51)) / 100) * 100) AS claims
    FROM numbered n, centers ce
    WHERE ce.id = $1
)
INSERT INTO cases (id, center_id, case_no, dispute_type, source, community_id, summary, claims,
                   occurred_on, risk_level, status, channel, mediator_id, received_at,
                   accepted_at, assigned_at, first_assigned_at, due_at, extended_days,
                   closed_at, outcome, outcome_note, referred_to, prevented_escalation,
                   prevented_mass_petition, declined_at, decline_reason, referral_advice,
                   external_system, external_id, version, return_visit_at, return_visit_note,
                   performance, judicial_confirmation, search_text)
OVERRIDING SYSTEM VALUE
SELECT t.id, $1, t.case_no, t.dispute_type, t.source, t.community_id, t.summary, t.claims,
       t.occurred_on, t.risk_level,
       CASE WHEN t.closed_at IS NOT NULL THEN 'closed'
            WHEN t.declined_at IS NOT NULL THEN 'declined'
            WHEN t.session_at IS NOT NULL THEN 'in_mediation'
            WHEN t.assigned_at IS NOT NULL THEN 'assigned'
            WHEN t.accepted_at IS NOT NULL THEN 'accepted'
            ELSE 'received' END::case_status,
       m.channel, m.id, t.received_at, t.accepted_at, t.assigned_at, t.assigned_at,
       t.due_at + make_interval(days => t.extension_days), t.extension_days,
       t.closed_at, t.outcome,
       CASE t.outcome
           WHEN 'resolved' THEN '经调解，双方自愿达成协议。'
           WHEN 'failed' THEN '双方分歧较大，调解不成，已告知当事人通过诉讼途径解决。'
           WHEN 'terminated' THEN CASE WHEN seed_u($2, t.n, 70) < 0.5
                                       THEN '一方当事人拒绝继续调解，终止调解。'
                                       ELSE '调解期限届满未能达成协议，终止调解。' END
           WHEN 'withdrawn' THEN '申请人撤回调解申请。'
           WHEN 'referred' THEN '纠纷涉及事项超出调解范围，依法移送。' END,
       CASE WHEN t.outcome = 'referred' THEN
           (ARRAY['区人民法院', '辖区派出所', '区劳动人事争议仲裁委员会', '区住房和城乡建设局',
                  '区市场监督管理局'])[1 + floor(5 * seed_u($2, t.n, 71))::int] END,
       t.outcome IS NOT DISTINCT FROM 'resolved'
           AND seed_u($2, t.n, 72) < CASE t.risk_level WHEN 'red' THEN 0.6 WHEN 'orange' THEN 0.3
                                                       WHEN 'yellow' THEN 0.1 ELSE 0.01 END,
       t.outcome IS NOT DISTINCT FROM 'resolved'
           AND seed_u($2, t.n, 73) < CASE WHEN t.dispute_type IN ('land_requisition', 'labor',
                                                                  'environment',
                                                                  'property_management')
                                          THEN 0.05 ELSE 0.003 END,
       t.declined_at,
       CASE WHEN t.declined_at IS NOT NULL THEN
           (ARRAY['纠纷已进入诉讼程序', '不属于人民调解受理范围', '一方当事人明确拒绝调解',
                  '申请人未能提供基本事实和证据', '属于信访事项，应按信访程序处理'])
               [1 + floor(5 * seed_u($2, t.n, 53))::int] END,
       CASE WHEN t.declined_at IS NOT NULL THEN
           (ARRAY['建议向区人民法院起诉', '建议向区劳动人事争议仲裁委员会申请仲裁',
                  '建议向区信访局反映', '建议补充材料后重新申请', '建议向辖区派出所报案'])
               [1 + floor(5 * seed_u($2, t.n, 54))::int] END,
       x.system, x.system_prefix || to_char(t.received_at AT TIME ZONE ce.time_zone, 'YYYYMMDD')
                 || '-' || t.case_no,
       1 + num_nonnulls(coalesce(t.accepted_at, t.declined_at), t.assigned_at, t.session_at,
                        t.extended_at, t.closed_at),
       t.return_visit_at,
       CASE WHEN t.return_visit_at IS NOT NULL THEN '电话回访，当事人对调解结果表示满意。' END,
       CASE WHEN t.return_visit_at IS NOT NULL THEN
           ('{fulfilled,partial,breached}'::performance[])
               [width_bucket(seed_u($2, t.n, 74), ARRAY[0, .85, .95])] END,
       t.return_visit_at IS NOT NULL AND seed_u($2, t.n, 75) < 0.15,
       t.summary || ' ' || t.claims || ' ' || names.names
FROM texts t
JOIN centers ce ON ce.id = $1
JOIN (SELECT s.case_id, string_agg(s.name, ' ' ORDER BY s.position) AS names
      FROM seed_party_plan s GROUP BY s.case_id) names ON names.case_id = t.id
LEFT JOIN mediators m ON m.id = t.mediator_id
LEFT JOIN LATERAL (
    SELECT 'hotline-12345' AS system, 'GD' AS system_prefix
    WHERE t.source = 'hotline' AND seed_u($2, t.n, 52) < 0.8
    UNION ALL
    SELECT 'grid-platform', 'WG' WHERE t.source = 'grid_report' AND seed_u($2, t.n, 52) < 0.3
) x ON true
ORDER BY t.id
