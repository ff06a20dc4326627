// The server's rules for resident ID numbers and phones (server/src/domain/identity.c), so that a
// mistake is shown as it is typed; the server checks again.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

export function residentIdValid(raw) {
  const id = raw.trim().replace(/x$/, "X");
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i];
  if (CHECK[sum % 11] !== id[17]) return false;
  const y = Number(id.slice(6, 10)), m = Number(id.slice(10, 12)), d = Number(id.slice(12, 14));
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function mobile(s) {
  const t = s.replace(/[\s-]/g, "");
  const digits = t.startsWith("+86") && t.length === 14 ? t.slice(3) : t.startsWith("86") && t.length === 13 ? t.slice(2) : t;
  return /^1[3-9]\d{9}$/.test(digits);
}

function fixedLine(s) {
  const t = s.replace(/[\s]/g, "");
  const m = /^(010|02\d|0[3-9]\d\d)-?([2-9]\d{6,7})$/.exec(t);
  return !!m;
}

export function phoneValid(raw) {
  const s = raw.trim();
  return mobile(s) || fixedLine(s);
}

// A message for the field as typed, or "" when it is fine (or empty: optional fields).
export function checkIdNumber(v) {
  return v.trim() && !residentIdValid(v) ? "身份证号码不正确（18位，末位校验码）" : "";
}
export function checkPhone(v) {
  return v.trim() && !phoneValid(v) ? "电话号码不正确（11位手机号或带区号的固定电话）" : "";
}
