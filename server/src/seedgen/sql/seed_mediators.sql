-- Seed: makes sure a center has at least $2 active mediators, adding generated ones (names,
-- organizations by channel: 人民调解, 行政调解, 司法调解, 行业性专业性调解, and their specialties)
-- with audit events. Eight in a row cover all four channels. Returns the number added.
-- $1 center_id, $2 mediators wanted, $3 actor name
WITH have AS (
    SELECT count(*)::int AS k FROM mediators WHERE center_id = $1 AND active
), spec (slot, channel, organization, specialties) AS (
    VALUES (0, 'people', '人民调解委员会', '{neighbor,marriage_family,housing_homestead,other}'),
           (1, 'people', '人民调解委员会', '{marriage_family,neighbor,damages,consumer}'),
           (2, 'administrative', '区人力资源和社会保障局劳动争议调解室', '{labor,production_business}'),
           (3, 'people', '人民调解委员会', '{neighbor,property_management,environment,forest_land}'),
           (4, 'judicial', '区人民法院诉前调解中心', '{contract,damages,marriage_family,traffic,labor}'),
           (5, 'industry', '区医疗纠纷人民调解委员会', '{medical,damages}'),
           (6, 'administrative', '区住房和城乡建设局调解室',
            '{housing_homestead,land_requisition,property_management,forest_land}'),
           (7, 'industry', '区道路交通事故纠纷人民调解委员会', '{traffic,damages,consumer,contract}')
), streets (i, street) AS (
    VALUES (0, '西大街街道'), (1, '东大街街道'), (2, '南关街道'), (3, '北大街街道'),
           (4, '五一路街道'), (5, '高桥营街道'), (6, '丁庄街道')
), inserted AS (
    INSERT INTO mediators (center_id, name, organization, channel, specialties, max_open_cases)
    SELECT $1,
           (ARRAY['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马',
                  '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许',
                  '韩', '冯', '邓', '曹'])[1 + (g.k * 7) % 30]
           || (ARRAY['建国', '秀兰', '志强', '桂英', '文华', '玉梅', '海燕', '国庆', '丽娟', '保国',
                     '红霞', '卫东', '淑珍', '永刚', '春梅', '德明', '静', '伟', '敏', '军', '磊',
                     '芳', '洁', '勇'])[1 + (g.k * 11) % 24],
           CASE WHEN s.organization = '人民调解委员会' THEN st.street || s.organization
                ELSE s.organization END,
           s.channel::mediation_channel, s.specialties::dispute_type[], 30 + (g.k % 5) * 10
    FROM have, generate_series(have.k + 1, $2) AS g(k)
    JOIN spec s ON s.slot = g.k % 8
    JOIN streets st ON st.i = g.k % 7
    ORDER BY g.k
    RETURNING *
), audit AS (
    INSERT INTO audit_events (center_id, actor, action, entity, entity_id, after)
    SELECT i.center_id, $3, 'mediator.create', 'mediator', i.id,
           jsonb_build_object('name', i.name, 'organization', i.organization,
                              'channel', i.channel, 'specialties', to_jsonb(i.specialties),
                              'max_open_cases', i.max_open_cases, 'active', i.active,
                              'user_id', i.user_id)
    FROM inserted i
)
SELECT count(*) FROM inserted
