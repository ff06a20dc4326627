-- Seed: makes sure a center has the generator's communities (社区, by street 街道), each with its
-- audit event; codes already present are left alone. Returns the center's community count.
-- $1 center_id, $2 actor name
WITH wanted (code, name, street) AS (
    VALUES ('XDJ-JSL', '建设路社区', '西大街街道'), ('XDJ-WHJ', '文化街社区', '西大街街道'),
           ('XDJ-XH', '新华社区', '西大街街道'), ('DDJ-LDL', '劳动路社区', '东大街街道'),
           ('DDJ-DML', '东门里社区', '东大街街道'), ('DDJ-BYL', '八一路社区', '东大街街道'),
           ('NG-NG', '南关社区', '南关街道'), ('NG-ZH', '寨河社区', '南关街道'),
           ('NG-XXL', '新兴路社区', '南关街道'), ('BDJ-BG', '北关社区', '北大街街道'),
           ('BDJ-JKL', '健康路社区', '北大街街道'), ('BDJ-CGL', '曹魏古城社区', '北大街街道'),
           ('WYL-WYL', '五一路社区', '五一路街道'), ('WYL-XYL', '学院路社区', '五一路街道'),
           ('GQY-GQY', '高桥营社区', '高桥营街道'), ('GQY-YXL', '毓秀路社区', '高桥营街道'),
           ('DZ-DZ', '丁庄社区', '丁庄街道'), ('DZ-QLD', '七里店社区', '丁庄街道')
), inserted AS (
    INSERT INTO communities (center_id, code, name, street)
    SELECT $1, code, name, street FROM wanted
    ON CONFLICT (center_id, code) DO NOTHING
    RETURNING id, center_id, code, name, street
), audit AS (
    INSERT INTO audit_events (center_id, actor, action, entity, entity_id, after)
    SELECT i.center_id, $2, 'community.create', 'community', i.id,
           jsonb_build_object('code', i.code, 'name', i.name, 'street', i.street)
    FROM inserted i
)
SELECT (SELECT count(*) FROM communities WHERE center_id = $1)
       + (SELECT count(*) FROM inserted)
