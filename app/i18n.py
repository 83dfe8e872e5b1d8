"""Every label, explanation and error message of the pages, in English and Korean.

One catalogue serves both sides: the server renders a page in the chosen language,
and the same catalogue goes to the browser (as JSON) so that the language switch
re-labels the page without a reload. `{name}` placeholders are filled at use.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = "en"

EN: dict[str, str] = {
    "app.title": "gradviz — the softmax and cross-entropy gradient",
    "app.short": "gradviz",
    "app.tagline": (
        "Change the logits and the label, and watch every quantity of ∂L/∂o = ŷ − y move."
    ),
    "app.skip": "Skip to the charts",
    "nav.api_docs": "API docs",
    "lang.label": "Language",
    "lang.en": "English",
    "lang.ko": "한국어",
    "inputs.heading": "Inputs",
    "preset.label": "Example",
    "preset.custom": "(your own numbers)",
    "logits.label": "Logits o (comma or space separated)",
    "logits.help": "One number per class. Drag a slider or type; C ≤ 12 classes get sliders.",
    "logits.slider": "o{k}",
    "names.label": "Class names (optional, comma separated)",
    "names.help": "Only for display; leave empty to number the classes from 0.",
    "labels.legend": "Label y",
    "labels.mode.class": "Class",
    "labels.mode.onehot": "One-hot vector",
    "labels.mode.soft": "Soft distribution",
    "labels.class": "Target class t",
    "labels.onehot": "Which entry of y is 1",
    "labels.soft": "Target distribution y (comma or space separated)",
    "labels.soft.help": "Entries ≥ 0. The lecture's ŷ − y needs Σy = 1; try another sum.",
    "temperature.label": "Temperature T",
    "temperature.help": "ŷ = softmax(o/T): T > 1 flattens, T < 1 sharpens.",
    "smoothing.label": "Label smoothing ε",
    "smoothing.help": "y ← (1 − ε)·y + ε/C, as in PyTorch.",
    "descent.heading": "Gradient descent",
    "descent.help": "Each step applies o ← o − η·∂L/∂o with the gradient shown.",
    "descent.lr": "Learning rate η",
    "descent.step": "Step",
    "descent.play": "Play",
    "descent.pause": "Pause",
    "descent.reset": "Clear history",
    "descent.steps": "Steps: {n}",
    "export.heading": "Share and export",
    "export.json": "Download the numbers (JSON)",
    "export.link": "Copy link to this view",
    "export.link.done": "Link copied",
    "export.link.manual": "Copy this link:",
    "export.png": "PNG",
    "export.svg": "SVG",
    "export.png.label": "Download {chart} as PNG",
    "export.svg.label": "Download {chart} as SVG",
    "summary.heading": "Result",
    "summary.loss": "Loss L",
    "summary.predicted": "Predicted class",
    "summary.entropy": "Entropy H(ŷ)",
    "summary.label_sum": "Σy",
    "summary.lecture_form": "Σy = 1: the gradient is the lecture's (ŷ − y)/T.",
    "summary.general_form": "Σy ≠ 1: the gradient is (ŷ·Σy − y)/T, not ŷ − y.",
    "summary.checks": "Checks",
    "summary.chain_rule": "chain rule ΣₖM_kj vs ∂L/∂o: max error {value}",
    "summary.finite_diff": "finite differences vs ∂L/∂o: max error {value}",
    "summary.not_available": "not available",
    "summary.loading": "Computing…",
    "status.updating": "Updating…",
    "status.error": "The numbers could not be computed: see the message next to the input.",
    "status.offline": "The server did not answer. Is it still running?",
    "charts.heading": "Charts",
    "chart.logits": "Logits o",
    "chart.logits.caption": "The raw scores the network outputs, one per class.",
    "chart.probs": "Prediction ŷ beside target y",
    "chart.probs.caption": "ŷ = softmax(o/T) sums to 1; y is what the loss pulls ŷ towards.",
    "chart.grad_logits": "Gradient ∂L/∂o = ŷ − y",
    "chart.grad_logits.caption": "Negative bars: descent raises that logit. Positive: lowers it.",
    "chart.grad_probs": "∂L/∂ŷ = −y/ŷ",
    "chart.grad_probs.caption": "Zero wherever y_k = 0. Very large where ŷ_k is tiny but y_k > 0.",
    "chart.jacobian": "Softmax Jacobian J = ∂ŷ/∂o",
    "chart.jacobian.caption": "Diagonal ŷ_i(1 − ŷ_i) > 0, off-diagonal −ŷ_iŷ_j < 0; rows sum to 0.",
    "chart.contributions": "Chain rule: M_kj = (∂L/∂ŷ_k)(∂ŷ_k/∂o_j)",
    "chart.contributions.caption": (
        "Column j sums to ∂L/∂o_j (bars below). Outlined: the k = j terms; the rest are k ≠ j."
    ),
    "chart.history": "Loss during gradient descent",
    "chart.history.caption": "Press Step or Play: the loss goes down when the gradient is right.",
    "axis.class": "class",
    "axis.class_j": "j (logit o_j)",
    "axis.class_i": "i (probability ŷ_i)",
    "axis.class_k": "k (term of the sum)",
    "axis.value": "value",
    "axis.step": "step",
    "axis.loss": "loss L",
    "axis.column_sum": "Σₖ M_kj",
    "series.probs": "ŷ (prediction)",
    "series.target": "y (target)",
    "series.negative_infinity": "−∞ (off scale)",
    "hover.diagonal": "i = j: ŷ_i(1 − ŷ_i)",
    "hover.off_diagonal": "i ≠ j: −ŷ_iŷ_j",
    "hover.over_t": " / T",
    "hover.same": "k = j term",
    "hover.other": "k ≠ j term",
    "derivation.heading": "Derivation with your numbers",
    "derivation.intro": (
        "The lecture's steps from softmax to ŷ − y. Here j is the target class"
        " and i another class; indices start at 0."
    ),
    "derivation.loading": "Writing the derivation…",
    "warnings.heading": "Warnings",
    "footer.text": ("Every number is computed on the server in float64; the browser only draws."),
}

KO: dict[str, str] = {
    "app.title": "gradviz — 소프트맥스와 교차 엔트로피의 기울기",
    "app.short": "gradviz",
    "app.tagline": "로짓과 레이블을 바꾸며 ∂L/∂o = ŷ − y의 모든 값이 움직이는 것을 보세요.",
    "app.skip": "차트로 건너뛰기",
    "nav.api_docs": "API 문서",
    "lang.label": "언어",
    "lang.en": "English",
    "lang.ko": "한국어",
    "inputs.heading": "입력",
    "preset.label": "예제",
    "preset.custom": "(직접 입력한 값)",
    "logits.label": "로짓 o (쉼표나 공백으로 구분)",
    "logits.help": (
        "클래스마다 숫자 하나. 슬라이더를 끌거나 입력하세요."
        " 클래스가 12개 이하면 슬라이더가 생깁니다."
    ),
    "logits.slider": "o{k}",
    "names.label": "클래스 이름 (선택, 쉼표로 구분)",
    "names.help": "표시에만 쓰입니다. 비워 두면 0부터 번호를 붙입니다.",
    "labels.legend": "레이블 y",
    "labels.mode.class": "클래스",
    "labels.mode.onehot": "원-핫 벡터",
    "labels.mode.soft": "소프트 분포",
    "labels.class": "정답 클래스 t",
    "labels.onehot": "y에서 1인 원소",
    "labels.soft": "타깃 분포 y (쉼표나 공백으로 구분)",
    "labels.soft.help": (
        "원소는 0 이상. 강의의 ŷ − y는 Σy = 1일 때 성립합니다. 다른 합도 시험해 보세요."
    ),
    "temperature.label": "온도 T",
    "temperature.help": "ŷ = softmax(o/T): T > 1이면 평평해지고 T < 1이면 뾰족해집니다.",
    "smoothing.label": "레이블 스무딩 ε",
    "smoothing.help": "y ← (1 − ε)·y + ε/C (PyTorch와 같은 정의).",
    "descent.heading": "경사 하강법",
    "descent.help": "한 단계마다 보이는 기울기로 o ← o − η·∂L/∂o를 적용합니다.",
    "descent.lr": "학습률 η",
    "descent.step": "한 단계",
    "descent.play": "재생",
    "descent.pause": "일시정지",
    "descent.reset": "기록 지우기",
    "descent.steps": "단계: {n}",
    "export.heading": "공유와 내보내기",
    "export.json": "숫자 내려받기 (JSON)",
    "export.link": "이 화면의 링크 복사",
    "export.link.done": "링크를 복사했습니다",
    "export.link.manual": "이 링크를 복사하세요:",
    "export.png": "PNG",
    "export.svg": "SVG",
    "export.png.label": "{chart} PNG로 내려받기",
    "export.svg.label": "{chart} SVG로 내려받기",
    "summary.heading": "결과",
    "summary.loss": "손실 L",
    "summary.predicted": "예측 클래스",
    "summary.entropy": "엔트로피 H(ŷ)",
    "summary.label_sum": "Σy",
    "summary.lecture_form": "Σy = 1: 기울기는 강의의 (ŷ − y)/T입니다.",
    "summary.general_form": "Σy ≠ 1: 기울기는 ŷ − y가 아니라 (ŷ·Σy − y)/T입니다.",
    "summary.checks": "검산",
    "summary.chain_rule": "연쇄 법칙 ΣₖM_kj와 ∂L/∂o: 최대 오차 {value}",
    "summary.finite_diff": "유한 차분과 ∂L/∂o: 최대 오차 {value}",
    "summary.not_available": "계산할 수 없음",
    "summary.loading": "계산 중…",
    "status.updating": "갱신 중…",
    "status.error": "값을 계산할 수 없습니다. 입력 옆의 메시지를 확인하세요.",
    "status.offline": "서버가 응답하지 않습니다. 서버가 실행 중인가요?",
    "charts.heading": "차트",
    "chart.logits": "로짓 o",
    "chart.logits.caption": "신경망이 내놓는 클래스별 점수입니다.",
    "chart.probs": "예측 ŷ와 타깃 y",
    "chart.probs.caption": "ŷ = softmax(o/T)의 합은 1이고, 손실은 ŷ를 y 쪽으로 당깁니다.",
    "chart.grad_logits": "기울기 ∂L/∂o = ŷ − y",
    "chart.grad_logits.caption": "음수 막대는 하강 시 그 로짓을 올리고, 양수 막대는 내립니다.",
    "chart.grad_probs": "∂L/∂ŷ = −y/ŷ",
    "chart.grad_probs.caption": "y_k = 0이면 0이고, y_k > 0인데 ŷ_k가 아주 작으면 매우 커집니다.",
    "chart.jacobian": "소프트맥스 야코비안 J = ∂ŷ/∂o",
    "chart.jacobian.caption": (
        "대각선은 ŷ_i(1 − ŷ_i) > 0, 나머지는 −ŷ_iŷ_j < 0이며 각 행의 합은 0입니다."
    ),
    "chart.contributions": "연쇄 법칙: M_kj = (∂L/∂ŷ_k)(∂ŷ_k/∂o_j)",
    "chart.contributions.caption": (
        "j열의 합이 ∂L/∂o_j입니다 (아래 막대). 테두리는 k = j 항, 나머지는 k ≠ j 항입니다."
    ),
    "chart.history": "경사 하강 중의 손실",
    "chart.history.caption": "한 단계나 재생을 누르세요. 기울기가 맞다면 손실이 줄어듭니다.",
    "axis.class": "클래스",
    "axis.class_j": "j (로짓 o_j)",
    "axis.class_i": "i (확률 ŷ_i)",
    "axis.class_k": "k (합의 항)",
    "axis.value": "값",
    "axis.step": "단계",
    "axis.loss": "손실 L",
    "axis.column_sum": "Σₖ M_kj",
    "series.probs": "ŷ (예측)",
    "series.target": "y (타깃)",
    "series.negative_infinity": "−∞ (범위 밖)",
    "hover.diagonal": "i = j: ŷ_i(1 − ŷ_i)",
    "hover.off_diagonal": "i ≠ j: −ŷ_iŷ_j",
    "hover.over_t": " / T",
    "hover.same": "k = j 항",
    "hover.other": "k ≠ j 항",
    "derivation.heading": "내 숫자로 보는 유도 과정",
    "derivation.intro": (
        "소프트맥스에서 ŷ − y까지 강의의 단계입니다. j는 정답 클래스, i는 다른 클래스이며"
        " 인덱스는 0부터 셉니다."
    ),
    "derivation.loading": "유도 과정을 쓰는 중…",
    "warnings.heading": "경고",
    "footer.text": "모든 숫자는 서버에서 float64로 계산하고, 브라우저는 그리기만 합니다.",
}

# Errors and warnings arrive from the API in English (`msg`, `message`) with a stable
# `type` / `code` and their context; these are the Korean versions, keyed by that type.
# English pages show the server's own words, which name the exact entry.
KO_SERVER_TEXT: dict[str, str] = {
    "error.number_type": "{where}은(는) 숫자여야 합니다. 입력값: {got}",
    "error.finite_number": (
        "{where}이(가) {got}입니다: 모든 숫자는 유한해야 합니다 (NaN, Infinity, 오버플로 불가)."
    ),
    "error.shape": "{field}은(는) 숫자 목록이어야 합니다. 입력값: {got}",
    "error.empty": "{field}이(가) 비어 있습니다: 숫자를 하나 이상 입력하세요.",
    "error.ragged": "{where}의 숫자는 {length}개인데 {field}[0]은(는) {width}개입니다.",
    "error.too_many_classes": "클래스가 {classes}개입니다. 한도는 {limit}개입니다.",
    "error.too_many_elements": "숫자가 {size}개입니다 (B×C). 한도는 {limit}개입니다.",
    "error.labels_type": "레이블은 클래스 번호(정수)나 숫자 목록이어야 합니다. 입력값: {got}",
    "error.class_index": "{where}은(는) 0, 1, 2 같은 클래스 번호(정수)여야 합니다. 입력값: {got}",
    "error.class_index_range": (
        "{where} = {index}인 클래스는 없습니다:"
        " 클래스가 {classes}개이면 번호는 0부터 {last}까지입니다."
    ),
    "error.labels_shape": (
        "한 행의 로짓에는 클래스 번호 하나나 {classes}개 숫자로 된 분포 하나를 주세요."
    ),
    "error.labels_length": (
        "{where}에는 숫자가 {length}개인데 로짓의 클래스는 {classes}개입니다:"
        " 분포에는 클래스마다 숫자 하나가 필요합니다."
    ),
    "error.negative_probability": (
        "{where}[{k}] = {value}은(는) 음수입니다: 타깃 원소는 0 이상이어야 합니다."
    ),
    "error.class_names_length": "클래스 이름은 {length}개인데 로짓의 클래스는 {classes}개입니다.",
    "error.dense_limit": (
        "이 서버의 조밀 야코비안 한도(C ≤ {limit})를 넘습니다. 큰 C에는 {endpoint}를 쓰세요."
    ),
    "error.derivation_row": "유도 과정은 한 행의 로짓에 대해서만 보여 줍니다.",
    "error.greater_than": "{gt}보다 커야 합니다.",
    "error.greater_than_equal": "{ge} 이상이어야 합니다.",
    "error.less_than": "{lt}보다 작아야 합니다.",
    "error.less_than_equal": "{le} 이하여야 합니다.",
    "error.float_type": "숫자를 입력하세요.",
    "error.float_parsing": "숫자를 입력하세요.",
    "error.string_too_long": "너무 깁니다: 최대 {max_length}자까지 쓸 수 있습니다.",
    "error.body_too_large": "데이터가 너무 큽니다: 한도는 {limit}바이트입니다.",
    "warning.grad_probs_infinite": (
        "y_k > 0인데 ŷ_k가 0으로 언더플로되어 ∂L/∂ŷ_k = −∞입니다 (null로 받아 범위 밖으로 표시)."
        " ŷ − y는 ŷ로 나누지 않으므로 ∂L/∂o는 유한합니다: 그래서 프레임워크는 소프트맥스와"
        " 교차 엔트로피를 합쳐 계산합니다. ŷ를 거치는 연쇄 법칙 검산도 같은 이유로 null입니다."
    ),
    "warning.probs_underflow": (
        "어떤 ŷ_k가 정확히 0으로 언더플로되었습니다. log ŷ_k는 log_probs에 정확히 남아 있습니다."
    ),
    "warning.label_sum_not_one": (
        "타깃의 합이 1이 아닙니다: ∂L/∂o = (ŷ·Σy − y)/T이며,"
        " 강의의 ŷ − y는 Σy = 1일 때만 성립합니다."
    ),
    "warning.non_finite": (
        "{field}에 float64로 나타낼 수 없는 값이 있어 null로 표시합니다. 온도를 높여 보세요."
    ),
}

MESSAGES: dict[str, dict[str, str]] = {"en": EN, "ko": {**KO, **KO_SERVER_TEXT}}


def pick_language(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The page language: ?lang=, then the remembered cookie, then Accept-Language."""
    for choice in (query, cookie):
        if choice in LANGUAGES:
            return choice
    if accept_language:
        # The first listed language wins: browsers list the preferred one first.
        first = accept_language.split(",")[0].strip().lower()
        if first.startswith("ko"):
            return "ko"
    return DEFAULT_LANGUAGE


def messages(language: str) -> Mapping[str, str]:
    """The catalogue of one language."""
    return MESSAGES[language]
