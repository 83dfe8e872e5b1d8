// How numbers read on the page: a fixed number of significant digits, a real minus sign.

/** `value` with `digits` significant digits; "−∞" for the API's null in ∂L/∂ŷ. */
export function formatNumber(value, digits = 5, nullText = "—") {
  if (value === null || value === undefined) return nullText;
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  const text =
    magnitude >= 1e-4 && magnitude < 1e6
      ? String(Number(value.toPrecision(digits)))
      : value.toExponential(digits - 1);
  return text.replace("-", "−");
}

/** A count of classes as the page writes it: 50,257. */
export function formatCount(n) {
  return n.toLocaleString("en-US");
}

/** A class as the large view names it: "#262", or "#262 (the)" with names. */
export function classTag(index, names) {
  const name = names?.[index];
  return name === undefined ? `#${index}` : `#${index} (${name})`;
}

/** A short label for class k: its name when given, else its index. */
export function classLabel(names, k) {
  return names && names[k] !== undefined ? names[k] : String(k);
}
