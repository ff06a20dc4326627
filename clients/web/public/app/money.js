// Amounts in Chinese capital numerals (大写金额), as written on an agreement:
// "82000000.00" → 捌仟贰佰万元整, "1234.56" → 壹仟贰佰叁拾肆元伍角陆分, "0.50" → 伍角.
const DIGITS = "零壹贰叁肆伍陆柒捌玖";
const SMALL = ["", "拾", "佰", "仟"];
const BIG = ["", "万", "亿", "万亿"];

function section(n) {
  // n < 10000: digits with their units, zeros folded
  let out = "";
  let zero = false;
  for (let i = 3; i >= 0; i--) {
    const d = Math.floor(n / 10 ** i) % 10;
    if (d === 0) {
      zero = out !== "";
    } else {
      if (zero) out += "零";
      out += DIGITS[d] + SMALL[i];
      zero = false;
    }
  }
  return out;
}

export function capitalAmount(text) {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(text).trim());
  if (!m) return "";
  let yuan = BigInt(m[1]);
  const frac = (m[2] || "").padEnd(2, "0");
  const jiao = Number(frac[0]), fen = Number(frac[1]);
  let integer = "";
  if (yuan > 0n) {
    const sections = [];
    while (yuan > 0n) {
      sections.push(Number(yuan % 10000n));
      yuan /= 10000n;
    }
    let needZero = false;
    for (let i = sections.length - 1; i >= 0; i--) {
      const s = sections[i];
      if (s === 0) {
        needZero = integer !== "";
        continue;
      }
      if (needZero || (integer !== "" && s < 1000)) integer += "零";
      integer += section(s) + BIG[i];
      needZero = false;
    }
    integer += "元";
  }
  let tail = "";
  if (jiao === 0 && fen === 0) tail = integer ? "整" : "零元整";
  else {
    if (jiao) tail += DIGITS[jiao] + "角";
    else if (integer) tail += "零";
    if (fen) tail += DIGITS[fen] + "分";
    else tail += "整";
  }
  return integer + tail;
}
