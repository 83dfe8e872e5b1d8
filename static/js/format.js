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

/** A short label for class k: its name when given, else its index. */
export function classLabel(names, k) {
  return names && names[k] !== undefined ? names[k] : String(k);
}
