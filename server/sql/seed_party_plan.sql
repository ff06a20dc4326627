-- Seed: plans the parties (1 to 3) of every case in seed_plan: an applicant, mostly a respondent,
-- sometimes a third party. People get plausible Chinese names, resident ID numbers of the region
-- with valid GB 11643 check characters, mobile numbers and addresses; a respondent in a labor,
-- consumer, medical, property or business dispute is often an organization with a unified social
-- credit code (GB 32100) and a fixed line. About 5 % of parties come from a small pool of people
-- who appear in several cases (repeat disputants). Each person is a function of (seed, person
-- number), so a repeat disputant has the same name, number and phone everywhere.
-- Returns the number of parties planned.
-- $1 seed (bigint)
WITH slots AS (
    SELECT p.id AS case_id, p.n, p.type_index, k AS position,
           ('{applicant,respondent,third_party}'::party_role[])[k] AS role,
           k = 2 AND seed_u($1, p.n, 40) < (ARRAY[0, 0, 0, .35, .5, .1, 0, .3, .3, .75, .7, .9,
                                                  .05, .85, .1])[p.type_index] AS organization,
           CASE WHEN seed_u($1, p.n, 40 + k) < 0.05
                THEN floor(seed_u($1, p.n, 44 + k) * greatest(100, p.n / 40))::bigint
                ELSE 1000000000 + p.n * 4 + k END AS person
    FROM seed_plan p CROSS JOIN LATERAL generate_series(1, p.party_count) AS k
), people AS MATERIALIZED (
    SELECT s.*, seed_u($1 + 1, s.person, 1) < 0.5 AS male,
           (ARRAY['411002', '411002', '411002', '411002', '411003', '411023', '411024',
                  '411025', '411081', '411082', '410102', '410105', '411102', '410302'])
               [1 + floor(14 * seed_u($1 + 1, s.person, 2))::int]
           || to_char(date '1945-01-01' + floor(21900 * seed_u($1 + 1, s.person, 3))::int,
                      'YYYYMMDD')
           || lpad((floor(500 * seed_u($1 + 1, s.person, 4))::int * 2
                    + (seed_u($1 + 1, s.person, 1) < 0.5)::int)::text, 3, '0') AS first17,
           -- an enterprise of the district: registration 9, type 1, region 411002, 9 digits
           '91411002' || lpad(floor(1000000000 * seed_u($1 + 2, s.n, 4))::bigint::text, 9, '0')
               AS org17
    FROM slots s
)
INSERT INTO seed_party_plan (case_id, position, role, kind, name, id_number, phone, address)
SELECT p.case_id, p.position, p.role,
       CASE WHEN p.organization THEN 'organization' ELSE 'person' END::party_kind,
       CASE WHEN p.organization THEN
           '许昌' || (ARRAY['恒达', '瑞丰', '新兴', '宏泰', '金盛', '华源', '东方', '永安', '佳和',
                             '鑫隆', '中原', '万家'])[1 + floor(12 * seed_u($1 + 2, p.n, 1))::int]
           || CASE p.type_index
                  WHEN 10 THEN (ARRAY['建筑工程有限公司', '机械制造有限公司', '餐饮管理有限公司',
                                      '发制品有限公司'])[1 + floor(4 * seed_u($1 + 2, p.n, 2))::int]
                  WHEN 11 THEN (ARRAY['商贸有限公司', '健身服务有限公司', '电器销售有限公司',
                                      '教育咨询有限公司'])[1 + floor(4 * seed_u($1 + 2, p.n, 2))::int]
                  WHEN 12 THEN (ARRAY['医院', '口腔门诊部', '中医院', '康复医院'])
                                   [1 + floor(4 * seed_u($1 + 2, p.n, 2))::int]
                  WHEN 14 THEN '物业服务有限公司'
                  WHEN 8 THEN '置业有限公司'
                  ELSE (ARRAY['商贸有限公司', '建材有限公司', '科技有限公司', '农业专业合作社'])
                           [1 + floor(4 * seed_u($1 + 2, p.n, 2))::int] END
       ELSE
           (ARRAY['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马',
                  '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许',
                  '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋',
                  '蔡', '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢',
                  '姜', '崔', '钟', '谭', '陆', '汪', '范', '金'])
               [1 + floor(60 * seed_u($1 + 1, p.person, 5) ^ 1.8)::int]
           || CASE WHEN p.male THEN
                  (ARRAY['建', '国', '志', '伟', '明', '永', '德', '文', '军', '海', '强', '俊',
                         '红', '卫', '新', '立', '春', '洪', '宏', '保', '庆', '书', '金', '振',
                         '光', '天', '家', '浩', '宇', '磊'])
                      [1 + floor(30 * seed_u($1 + 1, p.person, 6))::int]
                  || CASE WHEN seed_u($1 + 1, p.person, 7) < 0.7 THEN
                         (ARRAY['华', '军', '明', '平', '林', '峰', '刚', '成', '辉', '勇', '杰',
                                '涛', '斌', '超', '波', '东', '亮', '鹏', '龙', '生'])
                             [1 + floor(20 * seed_u($1 + 1, p.person, 8))::int] ELSE '' END
              ELSE
                  (ARRAY['秀', '桂', '玉', '丽', '淑', '翠', '春', '美', '慧', '雪', '红', '海',
                         '晓', '静', '雅', '佳', '素', '凤', '月', '金', '彩', '艳', '小', '思',
                         '梦', '欣', '文', '爱', '巧', '兰'])
                      [1 + floor(30 * seed_u($1 + 1, p.person, 6))::int]
                  || CASE WHEN seed_u($1 + 1, p.person, 7) < 0.7 THEN
                         (ARRAY['英', '兰', '珍', '芳', '娟', '敏', '华', '霞', '琴', '云', '梅',
                                '萍', '燕', '玲', '洁', '丽', '婷', '娜', '荣', '琳'])
                             [1 + floor(20 * seed_u($1 + 1, p.person, 8))::int] ELSE '' END
              END
       END,
       CASE WHEN p.organization THEN
                CASE WHEN seed_u($1 + 2, p.n, 3) < 0.8 THEN
                    p.org17 || uscc_check_char(p.org17)
                END
            WHEN seed_u($1 + 3, p.n * 4 + p.position, 1)
                 < (ARRAY[.85, .5, .4])[p.position]
            THEN p.first17 || resident_id_check_char(p.first17) END,
       CASE WHEN p.organization THEN
                '0374-' || (2000000 + floor(7999999 * seed_u($1 + 2, p.n, 5))::int)::text
            WHEN seed_u($1 + 3, p.n * 4 + p.position, 2) < (ARRAY[.95, .7, .5])[p.position]
            THEN (ARRAY['130', '131', '132', '133', '135', '136', '137', '138', '139', '150',
                        '151', '152', '155', '156', '157', '158', '159', '166', '176', '177',
                        '180', '181', '182', '183', '185', '186', '187', '188', '189', '191',
                        '198', '199'])[1 + floor(32 * seed_u($1 + 1, p.person, 9))::int]
                 || lpad(floor(100000000 * seed_u($1 + 1, p.person, 10))::int::text, 8, '0') END,
       CASE WHEN seed_u($1 + 3, p.n * 4 + p.position, 3) < 0.6 THEN
           '许昌市魏都区' || (ARRAY['建设路', '文化街', '劳动路', '八一路', '五一路', '学院路',
                                   '许由路', '魏武大道', '七一路', '毓秀路', '南关大街',
                                   '北大街', '东大街', '西大街', '新兴路', '健康路'])
                                [1 + floor(16 * seed_u($1 + 1, p.person, 11))::int]
           || (1 + floor(300 * seed_u($1 + 1, p.person, 12)))::int || '号' END
FROM people p
