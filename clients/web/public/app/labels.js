// The vocabularies of the API in Chinese (docs/design.md, Domain).
export const DISPUTE_TYPES = {
  marriage_family: "婚姻家庭", neighbor: "邻里纠纷", housing_homestead: "房屋宅基地", contract: "合同纠纷",
  production_business: "生产经营", damages: "损害赔偿", forest_land: "山林土地", land_requisition: "征地拆迁",
  environment: "环境污染", labor: "劳动争议", consumer: "消费纠纷", medical: "医疗纠纷", traffic: "道路交通事故",
  property_management: "物业纠纷", other: "其它",
};
export const SOURCES = {
  party_application: "当事人申请", proactive: "主动调解", police_referral: "公安移交", court_referral: "法院委托",
  government_referral: "政府部门指定", grid_report: "网格排查", hotline: "12345热线", online: "网上/扫码",
  sweep_campaign: "大排查",
};
export const RISKS = { none: "无", yellow: "黄色预警", orange: "橙色预警", red: "红色预警" };
export const STATUSES = {
  received: "待受理", accepted: "已受理", declined: "不予受理", assigned: "已分派", in_mediation: "调解中", closed: "已结案",
};
export const OUTCOMES = { resolved: "调解成功", failed: "调解不成", terminated: "终止调解", withdrawn: "撤回", referred: "移送" };
export const CHANNELS = { people: "人民调解", administrative: "行政调解", judicial: "司法调解", industry: "行业性专业性调解" };
export const ROLES = { front_desk: "接待员", mediator: "调解员", supervisor: "主任", admin: "管理员", integration: "系统对接" };
export const PARTY_ROLES = { applicant: "申请人", respondent: "被申请人", third_party: "第三人" };
export const PARTY_KINDS = { person: "自然人", organization: "单位" };
export const SESSION_KINDS = { in_person: "当面", phone: "电话", video: "视频" };
export const PERFORMANCE = { fulfilled: "已履行", partial: "部分履行", breached: "未履行" };
export const FORMS = { written: "书面协议", oral: "口头协议" };
export const EVENT_ACTIONS = {
  intake: "登记", accept: "受理", decline: "不予受理", assign: "分派", reassign: "改派", session: "调解记录",
  close: "结案", "follow-up": "回访", "risk.red": "红色预警", "pii.view": "查看个人信息", "pii.unmask": "查看完整信息",
  edit: "修改", deadline: "期限变更", "campaign.tag": "纳入专项行动", "portal.rating": "满意度评价",
};

export const label = (map, v) => (v in map ? map[v] : v ?? "—");
export const options = (map, blank) => [...(blank ? [["", blank]] : []), ...Object.entries(map)];
