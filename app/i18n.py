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
    "nav.main": "Softmax and cross-entropy",
    "nav.rnn": "RNN and BPTT",
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
    "chart.topk_logits": "Logits o: the top 20 and the rest",
    "chart.topk_logits.caption": (
        "The 20 most probable classes; the hatched bar spans every other logit, lowest to highest."
    ),
    "chart.topk_probs": "Prediction ŷ beside target y: the top 20 and the rest",
    "chart.topk_probs.caption": "The last pair adds up ŷ and y over all the other classes.",
    "chart.topk_grad_logits": "Gradient ∂L/∂o = ŷ − y: the top 20 and the rest",
    "chart.topk_grad_logits.caption": (
        "The hatched bar is the sum over all the other classes; with it, the bars add up to 0."
    ),
    "chart.pooled_jacobian": "Softmax Jacobian J = ∂ŷ/∂o, pooled over tiles",
    "chart.pooled_jacobian.caption": (
        "C × C entries are too many to draw or to store: each tile is the exact mean (or the"
        " largest entry) of the J_ij it covers. Hover a tile to see its classes."
    ),
    "chart.pooled_contributions": "Chain rule M_kj = (∂L/∂ŷ_k)(∂ŷ_k/∂o_j), pooled over tiles",
    "chart.pooled_contributions.caption": (
        "Each tile pools M_kj = y_k(ŷ_j − δ_kj)/T exactly; below, ∂L/∂o pooled the same way"
        " over each column's classes."
    ),
    "large.options.heading": "Pooled heatmaps",
    "large.options.help": (
        "With this many classes the server pools J and M into n × n tiles, exactly,"
        " without ever forming the C × C matrices."
    ),
    "large.pool.label": "Each tile shows",
    "large.pool.mean": "the mean of its entries",
    "large.pool.maxabs": "its entry of largest |·| (sign kept)",
    "large.pool.mean.hover": "tile mean",
    "large.pool.maxabs.hover": "tile entry of largest |·|",
    "large.order.label": "Classes in order of",
    "large.order.prob": "probability ŷ, largest first",
    "large.order.index": "class index",
    "large.size.label": "Tiles per side n",
    "large.scale.label": "Colours",
    "large.scale.log": "by log |value|, sign kept",
    "large.scale.linear": "linear in the value",
    "large.axis.top": "class (most probable first)",
    "large.axis.rank": "rank by ŷ",
    "large.axis.index": "class index",
    "large.axis.pooled_grad": "∂L/∂o pooled",
    "large.rest.tick": "rest ({count})",
    "large.hover.rest": "the other {count} classes, summed",
    "large.hover.rest_sum": "Σ over the other {count} classes",
    "large.hover.rest_logits": "the other {count} classes: o from {min} to {max}",
    "large.hover.ranked": "{count} classes ranked {first}–{last} ({examples})",
    "large.hover.ranked_one": "the class ranked {rank} ({examples})",
    "large.hover.indices": "{count} classes {first}–{last} ({examples})",
    "large.hover.index_one": "class {examples}",
    "large.hover.rows": "rows {symbol}: {what}",
    "large.hover.columns": "columns j: {what}",
    "large.hover.diagonal_j": "diagonal tile: holds the i = j entries ŷ_i(1 − ŷ_i)/T > 0",
    "large.hover.off_j": "i ≠ j only: −ŷ_iŷ_j/T ≤ 0",
    "large.hover.diagonal_m": "diagonal tile: holds the k = j terms",
    "large.hover.off_m": "k ≠ j terms only",
    "large.logits.from": "{classes} logits from the example “{title}”",
    "large.logits.own": "{classes} logits (typed, pasted or moved by descent)",
    "large.logits.edit": "Edit or paste as text",
    "large.logits.hide": "Hide the numbers",
    "large.link.preset": "A link to this view names the example instead of carrying its numbers.",
    "large.link.own": (
        "A link cannot carry {classes} numbers: it keeps T, the label and the view, not these"
        " logits. Download the numbers (JSON) to share them."
    ),
    "large.label.help": "A class index from 0 to {last}.",
    "large.status.loading": "Loading the example's logits…",
    "large.check.chain_rule": (
        "The chain-rule and finite-difference checks run on the dense matrices (C ≤ 1,024)."
    ),
    "large.check.finite_diff": "The pooled tiles are exact: tests compare them with dense J and M.",
    "large.derivation.formula.title": "The same derivation, class by class",
    "large.derivation.formula": (
        "For each of the {classes} classes j: ∂L/∂o_j = Σ_k (∂L/∂ŷ_k)(∂ŷ_k/∂o_j)"
        " = (ŷ_j·Σy − y_j)/T, which is (ŷ_j − y_j)/T when Σy = 1."
    ),
    "large.derivation.target.title": "The target class",
    "large.derivation.target": (
        "t = {class}: ŷ_t = {prob} and y_t = {target}, so ∂L/∂o_t = {grad}."
    ),
    "large.derivation.target_rest": (
        "t = {class} is not among the {k} most probable classes: its ŷ_t, y_t and ∂L/∂o_t"
        " are in the sums over the other classes below."
    ),
    "large.derivation.predicted.title": "The most probable class",
    "large.derivation.predicted": (
        "m = {class}: ŷ_m = {prob} and y_m = {target}, so ∂L/∂o_m = {grad}."
    ),
    "large.derivation.rest.title": "All the other classes together",
    "large.derivation.rest": (
        "The other {count} classes: Σŷ = {prob}, Σy = {target}, Σ ∂L/∂o = {grad}."
    ),
    "large.derivation.sum.title": "The gradient sums to zero",
    "large.derivation.sum": (
        "Σ_j ∂L/∂o_j = (Σ_j ŷ_j · Σy − Σ_j y_j)/T = 0, because Σ_j ŷ_j = 1:"
        " descent moves probability between classes and never adds any."
    ),
    "large.derivation.dense.title": "Every step written out",
    "large.derivation.dense": (
        "The step-by-step derivation with your numbers needs the dense Jacobian, computed for"
        " up to 1,024 classes: choose a smaller example to see it."
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
    "nav.main": "소프트맥스와 교차 엔트로피",
    "nav.rnn": "RNN과 BPTT",
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
    "chart.topk_logits": "로짓 o: 상위 20개와 나머지",
    "chart.topk_logits.caption": (
        "확률이 가장 높은 20개 클래스입니다. 빗금 막대는 나머지 모든 로짓의"
        " 최솟값부터 최댓값까지입니다."
    ),
    "chart.topk_probs": "예측 ŷ와 타깃 y: 상위 20개와 나머지",
    "chart.topk_probs.caption": "마지막 한 쌍은 나머지 모든 클래스의 ŷ와 y를 더한 값입니다.",
    "chart.topk_grad_logits": "기울기 ∂L/∂o = ŷ − y: 상위 20개와 나머지",
    "chart.topk_grad_logits.caption": (
        "빗금 막대는 나머지 모든 클래스의 합입니다. 이를 포함하면 막대의 합은 0입니다."
    ),
    "chart.pooled_jacobian": "소프트맥스 야코비안 J = ∂ŷ/∂o, 타일로 풀링",
    "chart.pooled_jacobian.caption": (
        "C × C개 원소는 그리거나 저장하기에 너무 많습니다. 각 타일은 그 안의 J_ij의 정확한"
        " 평균(또는 가장 큰 원소)입니다. 타일에 마우스를 올리면 클래스가 보입니다."
    ),
    "chart.pooled_contributions": "연쇄 법칙 M_kj = (∂L/∂ŷ_k)(∂ŷ_k/∂o_j), 타일로 풀링",
    "chart.pooled_contributions.caption": (
        "각 타일은 M_kj = y_k(ŷ_j − δ_kj)/T를 정확히 풀링합니다. 아래는 각 열의 클래스에 대해"
        " 같은 방식으로 풀링한 ∂L/∂o입니다."
    ),
    "large.options.heading": "풀링 히트맵",
    "large.options.help": (
        "클래스가 이렇게 많으면 서버가 J와 M을 C × C 행렬을 만들지 않고 n × n 타일로"
        " 정확히 풀링합니다."
    ),
    "large.pool.label": "각 타일의 값",
    "large.pool.mean": "원소의 평균",
    "large.pool.maxabs": "|·|가 가장 큰 원소 (부호 유지)",
    "large.pool.mean.hover": "타일 평균",
    "large.pool.maxabs.hover": "|·|가 가장 큰 타일 원소",
    "large.order.label": "클래스 순서",
    "large.order.prob": "확률 ŷ가 큰 순서",
    "large.order.index": "클래스 번호",
    "large.size.label": "한 변의 타일 수 n",
    "large.scale.label": "색",
    "large.scale.log": "log |값| 기준, 부호 유지",
    "large.scale.linear": "값에 비례",
    "large.axis.top": "클래스 (확률이 큰 순서)",
    "large.axis.rank": "ŷ 순위",
    "large.axis.index": "클래스 번호",
    "large.axis.pooled_grad": "풀링한 ∂L/∂o",
    "large.rest.tick": "나머지 ({count})",
    "large.hover.rest": "나머지 {count}개 클래스의 합",
    "large.hover.rest_sum": "나머지 {count}개 클래스에 대한 Σ",
    "large.hover.rest_logits": "나머지 {count}개 클래스: o는 {min}부터 {max}까지",
    "large.hover.ranked": "순위 {first}–{last}의 클래스 {count}개 ({examples})",
    "large.hover.ranked_one": "순위 {rank}의 클래스 ({examples})",
    "large.hover.indices": "번호 {first}–{last}의 클래스 {count}개 ({examples})",
    "large.hover.index_one": "클래스 {examples}",
    "large.hover.rows": "행 {symbol}: {what}",
    "large.hover.columns": "열 j: {what}",
    "large.hover.diagonal_j": "대각 타일: i = j 원소 ŷ_i(1 − ŷ_i)/T > 0을 포함",
    "large.hover.off_j": "i ≠ j 원소만: −ŷ_iŷ_j/T ≤ 0",
    "large.hover.diagonal_m": "대각 타일: k = j 항을 포함",
    "large.hover.off_m": "k ≠ j 항만",
    "large.logits.from": "예제 “{title}”의 로짓 {classes}개",
    "large.logits.own": "로짓 {classes}개 (입력, 붙여넣기, 또는 경사 하강으로 바뀜)",
    "large.logits.edit": "텍스트로 수정하거나 붙여넣기",
    "large.logits.hide": "숫자 숨기기",
    "large.link.preset": "이 화면의 링크는 숫자 대신 예제의 이름을 담습니다.",
    "large.link.own": (
        "링크에는 숫자 {classes}개를 담을 수 없습니다. T, 레이블, 보기 설정만 담기고 이 로짓은"
        " 빠집니다. 숫자를 공유하려면 숫자 내려받기(JSON)를 쓰세요."
    ),
    "large.label.help": "0부터 {last}까지의 클래스 번호.",
    "large.status.loading": "예제의 로짓을 불러오는 중…",
    "large.check.chain_rule": "연쇄 법칙과 유한 차분 검산은 조밀 행렬(C ≤ 1,024)에서 합니다.",
    "large.check.finite_diff": "풀링한 타일은 정확합니다: 테스트가 조밀한 J, M과 비교합니다.",
    "large.derivation.formula.title": "클래스마다 같은 유도",
    "large.derivation.formula": (
        "{classes}개 클래스 j 각각에 대해 ∂L/∂o_j = Σ_k (∂L/∂ŷ_k)(∂ŷ_k/∂o_j)"
        " = (ŷ_j·Σy − y_j)/T이며, Σy = 1이면 (ŷ_j − y_j)/T입니다."
    ),
    "large.derivation.target.title": "정답 클래스",
    "large.derivation.target": "t = {class}: ŷ_t = {prob}, y_t = {target}이므로 ∂L/∂o_t = {grad}.",
    "large.derivation.target_rest": (
        "t = {class}는 확률 상위 {k}개 클래스에 없습니다. 그 ŷ_t, y_t, ∂L/∂o_t는 아래"
        " 나머지 클래스의 합에 들어 있습니다."
    ),
    "large.derivation.predicted.title": "확률이 가장 높은 클래스",
    "large.derivation.predicted": (
        "m = {class}: ŷ_m = {prob}, y_m = {target}이므로 ∂L/∂o_m = {grad}."
    ),
    "large.derivation.rest.title": "나머지 모든 클래스",
    "large.derivation.rest": (
        "나머지 {count}개 클래스: Σŷ = {prob}, Σy = {target}, Σ ∂L/∂o = {grad}."
    ),
    "large.derivation.sum.title": "기울기의 합은 0",
    "large.derivation.sum": (
        "Σ_j ŷ_j = 1이므로 Σ_j ∂L/∂o_j = (Σ_j ŷ_j · Σy − Σ_j y_j)/T = 0입니다."
        " 경사 하강은 클래스 사이에서 확률을 옮길 뿐 더하지 않습니다."
    ),
    "large.derivation.dense.title": "모든 단계 풀어 쓰기",
    "large.derivation.dense": (
        "내 숫자로 쓴 단계별 유도에는 조밀 야코비안이 필요하며, 클래스 1,024개까지 계산합니다."
        " 보려면 더 작은 예제를 고르세요."
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

# The API's own text: the presets' titles and notes, the derivations' step titles and notes, every warning and every 422
# template (app.schemas.errors.input_error looks them up by key), in English and Korean.
SERVER_EN: dict[str, str] = {
    "error.overloaded": "The server is busy with other large requests; try again in a moment.",
    "error.answer_limit": "The answer would hold {numbers} numbers; this server writes at most {limit} in one answer. Send fewer rows or classes (for large C, use POST /api/v1/jacobian/heatmap).",
    "preset.lecture-lstm.title": "The lecture's LSTM (seeded weights): ŷ_t − y_t = ∂L/∂Z_t",
    "preset.lecture-lstm.description": "The LSTM slide's cell with 2 hidden units over the lecture's 3-word vocabulary: inputs x_1 = e_1, x_2 = e_3, targets y_1 = e_3, y_2 = e_2, as for the RNN. The lecture gives no LSTM weights: these are seeded (numpy default_rng, seed {seed}, uniform in [−0.15, 0.15], 3 decimals). No biases, h_0 = c_0 = 0, as on the slide.",
    "preset.long-memory-lstm.title": "Why an LSTM: the gradient reaches step 1 of {steps}",
    "preset.long-memory-lstm.description": "{steps} steps: x_1 = e_1, then e_2 ten times, then e_3; only the last step has a target, y_12 = e_1 (recall the first word; the other targets are zero vectors, no loss), so all of ∂L/∂h_1 comes back through time. The seeded weights of the lecture's LSTM, with the forget gate held open (b_f = {forget_bias}). Computed: ‖∂L/∂h_1‖ = {lstm_h1} for this LSTM ({lstm_share} of ‖∂L/∂h_12‖; the cell state keeps ‖∂L/∂c_1‖ = {lstm_c1}, {lstm_c_share} of ‖∂L/∂c_12‖), against {rnn_h1} for the lecture's RNN on the same sequence ({rnn_share} of its ‖∂L/∂h_12‖): there the gradient fades.",
    "preset.long-memory-lstm.note.h_1": "‖∂L/∂h_1‖ is {lstm_h1} here and {rnn_h1} for the lecture's RNN on the same sequence (rnn_request): through the RNN, each step multiplies the gradient by Wᵀ diag(1 − h²), and eleven such factors leave almost nothing.",
    "preset.long-memory-lstm.note.c_1": "Along the cell state the gradient is multiplied only by the forget gates, F_t ≈ σ({forget_bias}) = {forget_gate}: ‖∂L/∂c_1‖ = {lstm_c1} keeps {lstm_c_share} of ‖∂L/∂c_12‖.",
    "lstm.derivation.grad_W_f.title": "The forget gate's weights: ∂L/∂{weight} = Σ_t ∂L/∂a_{letter} X_tᵀ",
    "lstm.derivation.grad_W_i.title": "The input gate's weights: ∂L/∂{weight} = Σ_t ∂L/∂a_{letter} X_tᵀ",
    "lstm.derivation.grad_W_c.title": "The candidate's weights: ∂L/∂{weight} = Σ_t ∂L/∂a_{letter} X_tᵀ",
    "lstm.derivation.grad_W_o.title": "The output gate's weights: ∂L/∂{weight} = Σ_t ∂L/∂a_{letter} X_tᵀ",
    "lstm.derivation.grad_W.note": "X_t = [h_{{t−1}}; x_t]: the first H columns multiply h_{{t−1}}, the last D the input.",
    "lstm.derivation.gates.note": "c_0 = 0, so the first forget gate has nothing to forget: ∂L/∂F_1 = 0.",
    "lstm.derivation.forward.title": "Forward pass: the gates see [h_{t−1}; x_t]",
    "lstm.derivation.loss.title": "The loss: one cross-entropy per step, summed",
    "lstm.derivation.grad_logits.title": "The slide's point: ŷ_t − y_t is ∂L/∂Z_t, as for the RNN",
    "lstm.derivation.grad_W_y.title": "The output weights: ∂L/∂W_y = Σ_t (ŷ_t − y_t) h_tᵀ",
    "lstm.derivation.grad_h.title": "Back through time: h_t feeds Z_t and the next step's four gates",
    "lstm.derivation.grad_h.note": "W_{g,h} are the first H columns of each gate's weights, the ones acting on h_{t−1}; the last step has no future, so ∂L/∂h_T comes through Z_T alone.",
    "lstm.derivation.grad_o.title": "Through h_t = O_t ⊙ tanh(c_t): the output gate",
    "lstm.derivation.grad_c.title": "The cell state: its gradient is carried back through the forget gate F_{t+1}",
    "lstm.derivation.grad_c.note": "Along c_t the gradient is multiplied only by F_{t+1}, not by a weight matrix and a tanh′ as in the RNN: with F close to 1 it reaches early steps.",
    "lstm.derivation.gates.title": "The gates, and through σ′ = σ(1 − σ) and tanh′ = 1 − tanh² to their inputs",
    "lstm.derivation.grad_b.title": "The biases: ∂L/∂b = Σ_t ∂L/∂a_t",
    "lstm.derivation.grad_h0_c0.title": "The initial states: ∂L/∂h_0 and ∂L/∂c_0",
    "lstm.error.vector_length": "{name} ({meaning}) must have H = {hidden} numbers (one per hidden unit, as W_f has rows), got {got}",
    "lstm.error.empty_sequence": "{field} is empty: give at least one step",
    "lstm.error.size_limit": "{field} has {steps} steps; at most {limit} are allowed",
    "lstm.error.matrix_shape": "W_f must be H×(H+D): it acts on [h_{t−1}; x_t], so with H = {hidden} rows each row needs H + D numbers, D (the input size) in [1, {limit}], i.e. {low} to {high}; row 0 has {got}",
    "lstm.error.sequence_length": "len(labels) = {got} but len(inputs) = {steps}: give one target y_t per input x_t",
    "lstm.error.size_limit.entries": "T·(H·(4(H+D) + C) + 4C + 20H) = {entries} numbers in the answer is too many (at most {limit}): each step carries its terms of ∂L/∂W_f, ∂L/∂W_i, ∂L/∂W_c, ∂L/∂W_o (H×(H+D) each) and ∂L/∂W_y (C×H); use fewer steps or smaller matrices",
    "lstm.error.matrix_shape.rows": "{name} ({meaning}) must be {shape}, as W_f: it needs {hidden} rows (one per hidden unit), but it has {got}",
    "lstm.warning.label_sum_not_one": "y_t sums to {sums}, not 1: ∂L/∂Z_t = ŷ_t·Σy_t − y_t there, which is the lecture's ŷ_t − y_t only when Σy_t = 1 (a target of zeros adds no loss).",
    "preset.lecture-step2.title": "Lecture: RNN step 2",
    "preset.lecture-step2.description": "o₂ = V h₂ of the lecture's 3-word RNN, with target y₂ = e₂. (The slides print o₂'s first entry as 0.33, a typo; ŷ₂ agrees with −0.0219.)",
    "preset.lecture-step1.title": "Lecture: RNN step 1",
    "preset.lecture-step1.description": "o₁ = V h₁ of the lecture's RNN, with target y₁ = e₃.",
    "preset.confident-wrong.title": "Confident and wrong",
    "preset.confident-wrong.description": "The model bets on class 0 but the answer is class 2: a large loss and a large push.",
    "preset.ten-classes.title": "Ten classes (digits)",
    "preset.ten-classes.description": "A digit classifier's logits for an image of a 3.",
    "preset.soft-labels.title": "Soft labels",
    "preset.soft-labels.description": "The target is a distribution, not a class: still ∂L/∂o = ŷ − y, since Σy = 1.",
    "preset.label-sum-not-one.title": "A target that does not sum to 1",
    "preset.label-sum-not-one.description": "Σy = 1.5: the gradient is ŷ·Σy − y, and the lecture's last step does not apply.",
    "preset.label-smoothing.title": "Label smoothing",
    "preset.label-smoothing.description": "ε = 0.1 moves 10% of the target's mass evenly onto every class.",
    "preset.low-temperature.title": "Low temperature",
    "preset.low-temperature.description": "T = 0.25 sharpens ŷ and scales every derivative by 1/T.",
    "preset.huge-logit-gap.title": "A huge logit gap",
    "preset.huge-logit-gap.description": "Logits [1000, 0] with target 1: ŷ₁ underflows to 0, so ∂L/∂ŷ₁ = −∞, yet L = 1000 and ∂L/∂o = ŷ − y stay exact.",
    "preset.batch.title": "A batch of three",
    "preset.batch.description": "Three rows, one target each; with reduction 'mean' everything is divided by B = 3.",
    "preset.lecture-rnn.title": "The lecture's RNN: ∂L/∂V = Σ_t (ŷ_t − y_t) h_tᵀ",
    "preset.lecture-rnn.description": "A 2-unit RNN over a 3-word vocabulary, h_0 = 0, inputs x_1 = e_1 and x_2 = e_3. The lecture gives no targets; this preset uses y_1 = e_3 and y_2 = e_2.",
    "preset.lecture-rnn.note.o_2": "The slides print o_2 = [0.33, 0.01, −0.022]; the first entry is a typo. The computed o_2 = [−0.02190, 0.01037, −0.02245], and the slides' own ŷ_2 = [0.33, 0.341, 0.33] agrees with −0.022.",
    "preset.lecture-rnn.note.h": "The slides print h_1 and h_2 with slightly different digits on different slides; the values shown here are computed in float64.",
    "preset.gpt2-vocabulary.title": "GPT-2's vocabulary: 50,257 classes",
    "preset.gpt2-vocabulary.description": "A next-token distribution over GPT-2's 50,257 tokens, generated (Zipf-like logits o_k = 10 − {exponent}·ln(k + 1) plus noise, seed {seed}); the target is the third most probable token. The dense Jacobian would hold 2.5 billion numbers (20 GB): the page shows the top 20 classes and exact pooled heatmaps.",
    "derivation.softmax.title": "Softmax turns logits into probabilities",
    "derivation.jacobian_diagonal.title": "Softmax derivative, case i = j",
    "derivation.jacobian_off_diagonal.title": "Softmax derivative, case i ≠ j",
    "derivation.loss.title": "Cross-entropy loss (only classes with y_k > 0 count)",
    "derivation.grad_probs.title": "Loss derivative with respect to the probabilities",
    "derivation.chain_rule.title": "Chain rule: the k = j term plus the k ≠ j terms (column j of M)",
    "derivation.split.title": "Simplify each case: ŷ_k cancels",
    "derivation.label_sum.title": "The target sums to 1 (one-hot or a distribution)",
    "derivation.label_sum_not_one.title": "The target does not sum to 1",
    "derivation.label_sum_not_one.note": "Σy ≠ 1, so the lecture's ŷ − y does not apply: the gradient is ŷ·Σy − y.",
    "derivation.result_general.title": "The gradient: ŷ·Σy − y (not the lecture's ŷ − y)",
    "derivation.result.title": "The gradient: ŷ − y",
    "derivation.jacobian_off_diagonal.note": "With one class there is no i ≠ j: ŷ is always 1.",
    "rnn.derivation.forward.title": "Forward pass: hidden states, outputs and predictions",
    "rnn.derivation.loss.title": "The loss: one cross-entropy per step, summed",
    "rnn.derivation.grad_logits.title": "Each step's output gradient: the softmax and cross-entropy result ŷ_t − y_t",
    "rnn.derivation.grad_V.title": "The lecture's result: ∂L/∂V = Σ_t (ŷ_t − y_t) h_tᵀ",
    "rnn.derivation.grad_h.title": "Back through time: h_t feeds o_t and the next step",
    "rnn.derivation.grad_h.note": "The last step has no future, so its ∂L/∂h_T comes through o_T alone.",
    "rnn.derivation.grad_a.title": "Through tanh: tanh′(a) = 1 − tanh²(a) = 1 − h²",
    "rnn.derivation.grad_W.title": "Recurrent weights: ∂L/∂W = Σ_t ∂L/∂a_t h_{t−1}ᵀ",
    "rnn.derivation.grad_U.title": "Input weights: ∂L/∂U = Σ_t ∂L/∂a_t x_tᵀ",
    "rnn.derivation.grad_h0.title": "The initial state: ∂L/∂h_0 = Wᵀ ∂L/∂a_1",
    "derivation.softmax.note": "Temperature T = {temperature} divides every logit first.",
    "derivation.grad_probs.note": "Some ŷ_k underflowed to 0 while y_k > 0, so ∂L/∂ŷ_k = −∞; ∂L/∂o below stays finite, which is why frameworks fuse softmax with the loss.",
    "rnn.derivation.grad_logits.note": "Where y_t does not sum to 1, the gradient is ŷ_t·Σy_t − y_t, not ŷ_t − y_t.",
    "rnn.derivation.grad_W.note": "h_0 = 0, so the first step adds nothing to ∂L/∂W.",
    "warning.grad_probs_infinite": "ŷ_k underflowed to 0 for class {classes} where y_k > 0, so ∂L/∂ŷ_k = −y_k/ŷ_k = −∞ (sent as null). ∂L/∂o stays finite because ŷ − y never divides by ŷ: the reason frameworks fuse softmax with cross-entropy. The chain-rule check through ŷ is null for the same reason.",
    "warning.probs_underflow": "ŷ_k underflowed to exactly 0 for class {classes}; log ŷ_k is still exact in log_probs.",
    "warning.label_sum_not_one": "The target sums to {sums}, not 1: ∂L/∂o = (ŷ·Σy − y)/T, which is the lecture's ŷ − y only when Σy = 1.",
    "warning.non_finite": "{field} has entries that are not finite in float64 (sent as null): the logits' spread divided by T is past what float64 holds. Try a larger temperature.",
    "warning.non_finite.heatmap": "{field} has entries that are not finite in float64 (sent as null): the logits' spread divided by T, or the labels, are past what float64 holds. Try a larger temperature.",
    "rnn.warning.label_sum_not_one": "y_t sums to {sums}, not 1: ∂L/∂o_t = ŷ_t·Σy_t − y_t there, which is the lecture's ŷ_t − y_t only when Σy_t = 1.",
    "rnn.warning.non_finite": "{field} is not finite in float64 (sent as null): the weights or inputs are too large for float64, and what is computed from them is null too.",
    "rnn.warning.non_finite.steps": "{field} is not finite in float64 at steps t = {steps} (sent as null): the weights or inputs are too large for float64, and what is computed from them is null too.",
    "rnn.error.class_index_range": "{field}[{t}] = {got} is not a class index: {symbol} has {size} entries ({size_name}), so an index is in [0, {size})",
    "error.number_type": "{where} must be a number, got {got}.",
    "error.finite_number": "{where} is {got}: every number must be finite (no NaN, Infinity or overflow).",
    "error.shape": "{field} must be a list of numbers (one row) or a list of rows (a batch), got {got}.",
    "error.empty": "{field} is empty: give at least one number.",
    "error.shape.row": "{where} must be a row (a list of numbers) like {field}[0], got {got}.",
    "error.ragged": "{where} has {length} numbers but {field}[0] has {width}: every row of a batch needs the same number of classes.",
    "error.empty.row": "{where} is empty: give at least one class.",
    "error.too_many_classes": "logits has {classes} classes; the limit is {limit}.",
    "error.too_many_elements": "logits has {size} numbers (B×C); the limit is {limit}.",
    "error.labels_type": "labels must be a class index (an integer) or a list, got {got}.",
    "error.class_index": "{where} must be a class index (a whole number), got {got}.",
    "error.class_index.whole": "{where} must be a class index (a whole number like 0, 1, 2), got {got}.",
    "error.labels_shape.batch": "For a batch of {batch} rows, labels must be a list of {batch} class indices or {batch} distributions, not a single index.",
    "error.labels_length.batch": "labels has {length} entries but logits has {batch} rows: give one label per row.",
    "error.labels_length": "{where} has {length} numbers but logits has {classes} classes: a distribution needs one number per class (a class index is a plain number, without brackets).",
    "error.negative_probability": "{where}[{k}] = {value} is negative: target entries must be ≥ 0.",
    "error.class_names_length": "class_names has {length} names but logits has {classes} classes.",
    "error.dense_limit": "A {classes}×{classes} Jacobian is past this server's dense limit of C ≤ {limit}. For large C use {endpoint}, which pools J exactly without building it.",
    "error.dense_limit.batch": "B×C×C = {entries} Jacobian entries is past this server's limit of {limit}; send fewer rows or use {endpoint} row by row.",
    "error.labels_shape": "For one row of logits, labels is a class index or one distribution of {classes} numbers, not a list of rows.",
    "error.class_index_range": "{where} = {index} is not a class: with {classes} classes a class index is 0 to {last}.",
    "error.derivation_row": "The derivation follows one example: send one row of logits (a list of numbers), not a batch of {batch} rows.",
    "error.heatmap_one_row": "The heatmap takes one row of logits (a list of C numbers), not a batch of {batch} rows: send each row in its own request.",
    "rnn.error.number_type": "{where} must be a number, got {got}",
    "rnn.error.finite_number": "{where} is {got}: every number must be finite (no NaN, Infinity or overflow)",
    "rnn.error.class_index_type": "{field}[{t}] must be a class index (a whole number ≥ 0) or a vector of numbers, got {got}",
    "rnn.error.matrix_shape.empty": "{name} must be a matrix of shape {shape} ({meaning}) with at least one row, got []",
    "rnn.error.size_limit": "{name} has {rows} rows; at most {limit} are allowed ({meaning})",
    "rnn.error.matrix_shape": "{name} must be {shape}: every row needs {columns} numbers ({why}), but row {row} has {got}",
    "rnn.error.empty_sequence": "{field} is empty: give at least one step",
    "rnn.error.size_limit.steps": "{field} has {steps} steps; at most {limit} are allowed",
    "rnn.error.matrix_shape.U_rows": "U must be H×D with H = {hidden} rows (one per hidden unit, as W), but it has {got}",
    "rnn.error.matrix_shape.U_columns": "U's rows have {got} numbers; D (the input size) must be in [1, {limit}]",
    "rnn.error.vector_length": "h0 must have H = {hidden} numbers (one per hidden unit, as W), got {got}",
    "rnn.error.sequence_length": "len(labels) = {got} but len(inputs) = {steps}: give one target y_t per input x_t",
    "rnn.error.size_limit.entries": "T·(C·H + H·H + H·D) = {entries} per-step gradient entries is too many (at most {limit}): use fewer steps or smaller matrices",
    "rnn.error.vector_length.sequence": "{field}[{t}] must be a vector of {size} numbers ({size_name}), got {got}",
    "rnn.error.negative_label": "{field}[{t}][{k}] = {got} is negative: a target vector y_t needs entries ≥ 0 (a one-hot vector or a distribution)",
    "warning.binary_grad_probs_infinite": "ŷ_k rounded to exactly 0 or 1 for class {classes} while y_k is not, so ∂L/∂ŷ_k = −y_k/ŷ_k + (1 − y_k)/(1 − ŷ_k) is ±∞ (sent as null). ∂L/∂o = (ŷ − y)/T stays finite because it never divides by ŷ or 1 − ŷ: the reason frameworks offer binary_cross_entropy_with_logits. The chain-rule check through ŷ is null for the same reason.",
    "warning.sigmoid_saturated": "ŷ_k rounded to exactly 0 or 1 for class {classes}; log ŷ_k and log(1 − ŷ_k) are still exact (through softplus).",
    "warning.squared_error_vanishes": "Row {rows}: the prediction is confidently wrong (ŷ − y reaches {error}), yet ∂L/∂o is at most {grad}. With squared error ∂L/∂o = J·2(ŷ − y): the sum over k no longer cancels ŷ_k as with cross-entropy, and softmax's Jacobian, near 0 once ŷ saturates, scales the push down. Cross-entropy would give ŷ − y.",
    "warning.sigmoid_squared_error_vanishes": "Row {rows}: the prediction is confidently wrong (ŷ − y reaches {error}), yet ∂L/∂o is at most {grad}. With squared error ∂L/∂o = 2(ŷ − y)ŷ(1 − ŷ)/T: σ′ = ŷ(1 − ŷ) is near 0 once ŷ saturates. Binary cross-entropy would give ŷ − y.",
    "error.sigmoid_label_smoothing": "label_smoothing = {label_smoothing} does not apply with activation 'sigmoid': each class's target is its own probability in [0, 1]. Set label_smoothing to 0 or use activation 'softmax'.",
    "error.sigmoid_target": "{where} = {value} is above 1: with activation 'sigmoid' each class's target is a probability in [0, 1] (several classes may be 1: multi-label).",
    "error.compare_row": "The comparison follows one example: send one row of logits (a list of numbers), not a batch of {batch} rows.",
    "error.compare_loss_function": "The comparison puts cross_entropy and squared_error side by side: leave loss_function out (use activation to pick softmax or sigmoid).",
    "error.sweep_range": "sweep_to = {sweep_to} must be above sweep_from = {sweep_from}: the sweep runs the target logit from sweep_from to sweep_to.",
    "error.sweep_limit": "sweep_points × C = {points} × {classes} is past this server's limit of {limit} numbers: use fewer sweep points.",
    "derivation.sigmoid.title": "Sigmoid turns each logit into its own probability",
    "derivation.sigmoid_jacobian_diagonal.title": "Sigmoid derivative, case i = j: σ′ = ŷ(1 − ŷ)",
    "derivation.sigmoid_jacobian_off_diagonal.title": "Sigmoid derivative, case i ≠ j: 0 (the Jacobian is diagonal)",
    "derivation.binary_loss.title": "Binary cross-entropy, summed over the classes",
    "derivation.squared_loss.title": "Squared-error loss",
    "derivation.binary_grad_probs.note": "Some ŷ_k rounded to 0 or 1 where y_k does not, so ∂L/∂ŷ_k = ±∞; ∂L/∂o below stays finite, which is why frameworks fuse the sigmoid with the loss.",
    "derivation.no_cancellation.title": "Simplify: with squared error, ŷ_k does not cancel",
    "derivation.no_cancellation.note": "With cross-entropy, ∂L/∂ŷ_k = −y_k/ŷ_k cancels the ŷ_k of every Jacobian term and the sum collapses to ŷ − y. Here 2(ŷ_k − y_k) keeps it: the sum over k no longer cancels, and ∂L/∂o = J·2(ŷ − y).",
    "derivation.result_squared.title": "The gradient: J·2(ŷ − y), not ŷ − y",
    "derivation.result_sigmoid_squared.title": "The gradient: 2(ŷ − y)ŷ(1 − ŷ), not ŷ − y",
    "derivation.result_squared.note": "The Jacobian's factor ŷ(1 − ŷ) goes to 0 as ŷ saturates, even when the prediction is wrong: a confidently wrong prediction is barely pushed. Cross-entropy's ŷ − y (below it) keeps pulling.",
    "derivation.result_sigmoid.title": "The gradient: ŷ − y for each class",
    "preset.compare-confident-wrong.title": "Why cross-entropy: confidently wrong",
    "preset.compare-confident-wrong.description": "Logits [6, 0, −2] bet on class 0; the answer is class 2. Cross-entropy pulls o_2 with ∂L/∂o_2 ≈ −1; squared error barely moves it (≈ −0.001), because softmax's Jacobian is near 0 where ŷ saturates: the sum over k no longer cancels.",
    "preset.sigmoid-multi-label.title": "Sigmoid: several labels at once",
    "preset.sigmoid-multi-label.description": "One sigmoid per class, not a softmax over them: the photo shows a cat outdoors, so two targets are 1. ŷ need not sum to 1, the Jacobian is diagonal, and binary cross-entropy gives ∂L/∂o = ŷ − y for each class.",
}

SERVER_KO: dict[str, str] = {
    "error.overloaded": "서버가 다른 큰 요청을 처리하는 중입니다. 잠시 후 다시 시도하세요.",
    "error.answer_limit": "응답에 숫자가 {numbers}개 들어갑니다. 이 서버는 한 응답에 최대 {limit}개까지 씁니다. 행이나 클래스를 줄이세요 (큰 C에는 POST /api/v1/jacobian/heatmap을 쓰세요).",
    "preset.lecture-lstm.title": "강의의 LSTM (시드로 만든 가중치): ŷ_t − y_t = ∂L/∂Z_t",
    "preset.lecture-lstm.description": "강의의 단어 3개짜리 어휘에 대한 은닉 유닛 2개의 LSTM 셀(슬라이드의 식): 입력 x_1 = e_1, x_2 = e_3, 정답 y_1 = e_3, y_2 = e_2 (RNN과 같음). 강의에는 LSTM 가중치가 없으므로 시드로 만들었습니다 (numpy default_rng, 시드 {seed}, [−0.15, 0.15] 균등분포, 소수점 3자리). 슬라이드처럼 편향은 없고 h_0 = c_0 = 0입니다.",
    "preset.long-memory-lstm.title": "왜 LSTM인가: 기울기가 {steps}단계 중 1단계까지 닿습니다",
    "preset.long-memory-lstm.description": "{steps}단계: x_1 = e_1, e_2를 열 번, 그리고 e_3. 정답은 마지막 단계에만 있습니다: y_12 = e_1 (첫 단어 기억하기; 나머지 정답은 영벡터로 손실이 없음). 그래서 ∂L/∂h_1은 모두 시간을 거슬러 온 것입니다. 강의 LSTM의 시드 가중치에 망각 게이트를 열어 둔 편향 b_f = {forget_bias}. 계산 결과: 이 LSTM의 ‖∂L/∂h_1‖ = {lstm_h1} (‖∂L/∂h_12‖의 {lstm_share}; 셀 상태는 ‖∂L/∂c_1‖ = {lstm_c1}, ‖∂L/∂c_12‖의 {lstm_c_share}를 유지), 같은 입력에 대한 강의 RNN은 {rnn_h1} (‖∂L/∂h_12‖의 {rnn_share}): 기울기가 사라집니다.",
    "preset.long-memory-lstm.note.h_1": "‖∂L/∂h_1‖은 여기서 {lstm_h1}, 같은 입력의 강의 RNN에서는 {rnn_h1}입니다 (rnn_request): RNN에서는 단계마다 기울기에 Wᵀ diag(1 − h²)가 곱해지고, 열한 번 곱하면 거의 남지 않습니다.",
    "preset.long-memory-lstm.note.c_1": "셀 상태를 따라가면 기울기에는 망각 게이트만 곱해집니다, F_t ≈ σ({forget_bias}) = {forget_gate}: ‖∂L/∂c_1‖ = {lstm_c1}로 ‖∂L/∂c_12‖의 {lstm_c_share}가 남습니다.",
    "lstm.derivation.grad_W_f.title": "망각 게이트의 가중치: ∂L/∂{weight} = Σ_t ∂L/∂a_{letter} X_tᵀ",
    "lstm.derivation.grad_W_i.title": "입력 게이트의 가중치: ∂L/∂{weight} = Σ_t ∂L/∂a_{letter} X_tᵀ",
    "lstm.derivation.grad_W_c.title": "후보 셀 상태의 가중치: ∂L/∂{weight} = Σ_t ∂L/∂a_{letter} X_tᵀ",
    "lstm.derivation.grad_W_o.title": "출력 게이트의 가중치: ∂L/∂{weight} = Σ_t ∂L/∂a_{letter} X_tᵀ",
    "lstm.derivation.grad_W.note": "X_t = [h_{{t−1}}; x_t]: 앞쪽 H개의 열은 h_{{t−1}}, 뒤쪽 D개의 열은 입력에 곱해집니다.",
    "lstm.derivation.gates.note": "c_0 = 0이므로 첫 망각 게이트는 잊을 것이 없습니다: ∂L/∂F_1 = 0.",
    "lstm.derivation.forward.title": "순전파: 게이트는 [h_{t−1}; x_t]를 봅니다",
    "lstm.derivation.loss.title": "손실: 단계마다의 교차 엔트로피를 더합니다",
    "lstm.derivation.grad_logits.title": "슬라이드의 요점: ŷ_t − y_t가 ∂L/∂Z_t입니다 (RNN과 같음)",
    "lstm.derivation.grad_W_y.title": "출력 가중치: ∂L/∂W_y = Σ_t (ŷ_t − y_t) h_tᵀ",
    "lstm.derivation.grad_h.title": "시간을 거슬러: h_t는 Z_t와 다음 단계의 네 게이트로 이어집니다",
    "lstm.derivation.grad_h.note": "W_{g,h}는 각 게이트 가중치에서 h_{t−1}에 곱해지는 앞쪽 H개의 열입니다. 마지막 단계에는 이후 단계가 없으므로 ∂L/∂h_T는 Z_T를 통해서만 옵니다.",
    "lstm.derivation.grad_o.title": "h_t = O_t ⊙ tanh(c_t)를 지나며: 출력 게이트",
    "lstm.derivation.grad_c.title": "셀 상태: 기울기가 망각 게이트 F_{t+1}을 지나 그대로 전해집니다",
    "lstm.derivation.grad_c.note": "c_t를 따라가면 기울기에는 RNN처럼 가중치 행렬과 tanh′가 아니라 F_{t+1}만 곱해집니다. F가 1에 가까우면 앞쪽 단계까지 닿습니다.",
    "lstm.derivation.gates.title": "게이트, 그리고 σ′ = σ(1 − σ), tanh′ = 1 − tanh²를 지나 게이트의 입력으로",
    "lstm.derivation.grad_b.title": "편향: ∂L/∂b = Σ_t ∂L/∂a_t",
    "lstm.derivation.grad_h0_c0.title": "초기 상태: ∂L/∂h_0과 ∂L/∂c_0",
    "lstm.error.vector_length": "{name}({meaning})에는 은닉 유닛 수 H = {hidden}만큼의 숫자가 필요한데(W_f의 행 수) {got}입니다.",
    "lstm.error.empty_sequence": "{field}이(가) 비어 있습니다: 단계를 하나 이상 주세요.",
    "lstm.error.size_limit": "{field}의 단계는 {steps}개입니다. 최대 {limit}개까지 허용됩니다.",
    "lstm.error.matrix_shape": "W_f는 H×(H+D)여야 합니다: [h_{t−1}; x_t]에 작용하므로 H = {hidden}행의 각 행에는 H + D개, D(입력 크기)가 1 이상 {limit} 이하이면 {low}~{high}개의 숫자가 필요한데 0번 행은 {got}개입니다.",
    "lstm.error.sequence_length": "정답은 {got}개인데 입력은 {steps}개입니다: 입력 x_t마다 정답 y_t가 하나씩 필요합니다.",
    "lstm.error.size_limit.entries": "T·(H·(4(H+D) + C) + 4C + 20H) = {entries}개의 숫자는 응답에 너무 많습니다 (최대 {limit}개): 단계마다 ∂L/∂W_f, ∂L/∂W_i, ∂L/∂W_c, ∂L/∂W_o(각 H×(H+D))와 ∂L/∂W_y(C×H)의 항이 들어갑니다. 단계를 줄이거나 행렬을 작게 하세요.",
    "lstm.error.matrix_shape.rows": "{name}({meaning})은(는) W_f처럼 {shape}여야 합니다: 행이 {hidden}개(은닉 유닛마다 하나) 필요한데 {got}입니다.",
    "lstm.warning.label_sum_not_one": "y_t의 합이 1이 아니라 {sums}입니다: 그 단계의 ∂L/∂Z_t는 ŷ_t·Σy_t − y_t이며, 강의의 ŷ_t − y_t는 Σy_t = 1일 때만 성립합니다 (0으로 된 정답은 손실을 더하지 않습니다).",
    "preset.lecture-step2.title": "강의 예제: RNN 2단계",
    "preset.lecture-step2.description": "강의의 3단어 RNN에서 o₂ = V h₂, 정답 y₂ = e₂. (슬라이드의 o₂ 첫 값 0.33은 오타이며, ŷ₂는 −0.0219와 일치합니다.)",
    "preset.lecture-step1.title": "강의 예제: RNN 1단계",
    "preset.lecture-step1.description": "강의 RNN의 o₁ = V h₁, 정답 y₁ = e₃.",
    "preset.confident-wrong.title": "자신 있게 틀린 예측",
    "preset.confident-wrong.description": "모델은 0번 클래스를 확신하지만 정답은 2번: 손실과 기울기가 큽니다.",
    "preset.ten-classes.title": "10개 클래스 (숫자)",
    "preset.ten-classes.description": "숫자 3 이미지에 대한 분류기의 로짓.",
    "preset.soft-labels.title": "소프트 레이블",
    "preset.soft-labels.description": "정답이 클래스가 아닌 분포여도 Σy = 1이면 ∂L/∂o = ŷ − y입니다.",
    "preset.label-sum-not-one.title": "합이 1이 아닌 정답",
    "preset.label-sum-not-one.description": "Σy = 1.5: 기울기는 ŷ·Σy − y이며, 강의의 마지막 단계는 성립하지 않습니다.",
    "preset.label-smoothing.title": "레이블 스무딩",
    "preset.label-smoothing.description": "ε = 0.1은 정답 질량의 10%를 모든 클래스에 고르게 나눕니다.",
    "preset.low-temperature.title": "낮은 온도",
    "preset.low-temperature.description": "T = 0.25는 ŷ를 뾰족하게 만들고 모든 도함수를 1/T배 합니다.",
    "preset.huge-logit-gap.title": "매우 큰 로짓 차이",
    "preset.huge-logit-gap.description": "로짓 [1000, 0], 정답 1: ŷ₁이 0으로 언더플로되어 ∂L/∂ŷ₁ = −∞이지만 L = 1000과 ∂L/∂o = ŷ − y는 정확합니다.",
    "preset.batch.title": "배치 3개",
    "preset.batch.description": "세 행, 각각 정답 하나; 'mean'이면 모든 값이 B = 3으로 나뉩니다.",
    "preset.lecture-rnn.title": "강의의 RNN: ∂L/∂V = Σ_t (ŷ_t − y_t) h_tᵀ",
    "preset.lecture-rnn.description": "단어 3개짜리 어휘에 대한 은닉 유닛 2개의 RNN, h_0 = 0, 입력 x_1 = e_1, x_2 = e_3. 강의에는 정답이 없으므로 이 예제는 y_1 = e_3, y_2 = e_2를 씁니다.",
    "preset.lecture-rnn.note.o_2": "슬라이드에는 o_2 = [0.33, 0.01, −0.022]로 나오지만 첫 번째 값은 오타입니다. 계산한 o_2 = [−0.02190, 0.01037, −0.02245]이며, 슬라이드의 ŷ_2 = [0.33, 0.341, 0.33]도 −0.022와 맞습니다.",
    "preset.lecture-rnn.note.h": "슬라이드마다 h_1, h_2의 자릿수가 조금씩 다르게 나옵니다. 여기 값은 float64로 계산한 값입니다.",
    "preset.gpt2-vocabulary.title": "GPT-2 어휘: 클래스 50,257개",
    "preset.gpt2-vocabulary.description": "GPT-2의 토큰 50,257개에 대한 다음 토큰 분포를 생성했습니다 (Zipf 법칙 형태의 로짓 o_k = 10 − {exponent}·ln(k + 1)에 잡음, 시드 {seed}). 정답은 세 번째로 확률이 높은 토큰입니다. 조밀 야코비안은 숫자 25억 개(20 GB)이므로, 상위 20개 클래스와 정확한 풀링 히트맵으로 보여 줍니다.",
    "derivation.softmax.title": "소프트맥스가 로짓을 확률로 바꿉니다",
    "derivation.jacobian_diagonal.title": "소프트맥스의 미분, i = j인 경우",
    "derivation.jacobian_off_diagonal.title": "소프트맥스의 미분, i ≠ j인 경우",
    "derivation.loss.title": "교차 엔트로피 손실 (y_k > 0인 클래스만 더해집니다)",
    "derivation.grad_probs.title": "확률에 대한 손실의 미분",
    "derivation.chain_rule.title": "연쇄 법칙: k = j 항과 k ≠ j 항의 합 (M의 j열)",
    "derivation.split.title": "각 경우를 정리하면 ŷ_k가 약분됩니다",
    "derivation.label_sum.title": "타깃의 합은 1입니다 (원-핫 또는 확률분포)",
    "derivation.label_sum_not_one.title": "타깃의 합이 1이 아닙니다",
    "derivation.label_sum_not_one.note": "Σy ≠ 1이므로 강의의 ŷ − y가 성립하지 않습니다: 기울기는 ŷ·Σy − y입니다.",
    "derivation.result_general.title": "기울기: ŷ·Σy − y (강의의 ŷ − y가 아님)",
    "derivation.result.title": "기울기: ŷ − y",
    "derivation.jacobian_off_diagonal.note": "클래스가 하나뿐이면 i ≠ j인 경우가 없습니다: ŷ는 항상 1입니다.",
    "rnn.derivation.forward.title": "순전파: 은닉 상태, 출력, 예측",
    "rnn.derivation.loss.title": "손실: 단계마다의 교차 엔트로피를 더합니다",
    "rnn.derivation.grad_logits.title": "단계마다 출력의 기울기: 소프트맥스와 교차 엔트로피의 결과 ŷ_t − y_t",
    "rnn.derivation.grad_V.title": "강의의 결론: ∂L/∂V = Σ_t (ŷ_t − y_t) h_tᵀ",
    "rnn.derivation.grad_h.title": "시간을 거슬러: h_t는 o_t와 다음 단계로 이어집니다",
    "rnn.derivation.grad_h.note": "마지막 단계에는 이후 단계가 없으므로 ∂L/∂h_T는 o_T를 통해서만 옵니다.",
    "rnn.derivation.grad_a.title": "tanh를 지나며: tanh′(a) = 1 − tanh²(a) = 1 − h²",
    "rnn.derivation.grad_W.title": "순환 가중치: ∂L/∂W = Σ_t ∂L/∂a_t h_{t−1}ᵀ",
    "rnn.derivation.grad_U.title": "입력 가중치: ∂L/∂U = Σ_t ∂L/∂a_t x_tᵀ",
    "rnn.derivation.grad_h0.title": "초기 상태: ∂L/∂h_0 = Wᵀ ∂L/∂a_1",
    "derivation.softmax.note": "온도 T = {temperature}로 모든 로짓을 먼저 나눕니다.",
    "derivation.grad_probs.note": "y_k > 0인데 ŷ_k가 0으로 언더플로되어 ∂L/∂ŷ_k = −∞입니다. 아래의 ∂L/∂o는 유한하며, 그래서 프레임워크는 소프트맥스와 손실을 합쳐 계산합니다.",
    "rnn.derivation.grad_logits.note": "y_t의 합이 1이 아닌 단계의 기울기는 ŷ_t − y_t가 아니라 ŷ_t·Σy_t − y_t입니다.",
    "rnn.derivation.grad_W.note": "h_0 = 0이므로 첫 단계는 ∂L/∂W에 아무것도 더하지 않습니다.",
    "warning.grad_probs_infinite": "클래스 {classes}에서 y_k > 0인데 ŷ_k가 0으로 언더플로되어 ∂L/∂ŷ_k = −y_k/ŷ_k = −∞입니다 (null로 표시). ŷ − y는 ŷ로 나누지 않으므로 ∂L/∂o는 유한합니다: 프레임워크가 소프트맥스와 교차 엔트로피를 합쳐 계산하는 이유입니다. ŷ를 거치는 연쇄 법칙 검산도 같은 이유로 null입니다.",
    "warning.probs_underflow": "클래스 {classes}의 ŷ_k가 정확히 0으로 언더플로되었습니다. log ŷ_k는 log_probs에 정확히 남아 있습니다.",
    "warning.label_sum_not_one": "타깃의 합이 1이 아니라 {sums}입니다: ∂L/∂o = (ŷ·Σy − y)/T이며, 강의의 ŷ − y는 Σy = 1일 때만 성립합니다.",
    "warning.non_finite.heatmap": "{field}에 float64로 나타낼 수 없는 값이 있어 null로 표시합니다: 로짓의 차이를 T로 나눈 값이나 레이블이 float64 범위를 넘습니다. 온도를 높여 보세요.",
    "rnn.warning.non_finite.steps": "{field}의 값이 단계 t = {steps}에서 float64 범위를 넘어 null로 표시합니다: 가중치나 입력이 너무 커서 그로부터 계산한 값도 null입니다.",
    "error.shape.row": "{where}은(는) {field}[0]처럼 숫자 목록(행)이어야 합니다. 입력값: {got}",
    "error.empty.row": "{where}이(가) 비어 있습니다: 클래스를 하나 이상 주세요.",
    "error.class_index": "{where}은(는) 클래스 번호(정수)여야 합니다. 입력값: {got}",
    "error.class_index.whole": "{where}은(는) 0, 1, 2 같은 클래스 번호(정수)여야 합니다. 입력값: {got}",
    "error.labels_length.batch": "레이블은 {length}개인데 로짓은 {batch}행입니다: 행마다 레이블을 하나씩 주세요.",
    "error.labels_shape.batch": "{batch}행 배치의 레이블은 클래스 번호 {batch}개나 분포 {batch}개의 목록이어야 합니다. 번호 하나로는 안 됩니다.",
    "error.dense_limit": "{classes}×{classes} 야코비안은 이 서버의 조밀 한도(C ≤ {limit})를 넘습니다. 큰 C에는 J를 만들지 않고 정확히 풀링하는 {endpoint}를 쓰세요.",
    "error.dense_limit.batch": "B×C×C = {entries}개의 야코비안 원소는 이 서버의 한도 {limit}개를 넘습니다: 행을 줄이거나 {endpoint}를 행마다 쓰세요.",
    "error.heatmap_one_row": "히트맵은 로짓 한 행(숫자 C개의 목록)만 받습니다. {batch}행 배치 대신 행마다 따로 요청하세요.",
    "error.derivation_row": "유도 과정은 예제 하나를 따라갑니다: {batch}행 배치가 아니라 로짓 한 행(숫자 목록)을 보내세요.",
    "rnn.error.matrix_shape.empty": "{name}은(는) 모양이 {shape}({meaning})이고 행이 하나 이상인 행렬이어야 하는데 []입니다.",
    "rnn.error.size_limit": "{name}의 행은 {rows}개입니다. 최대 {limit}개까지 허용됩니다 ({meaning}).",
    "rnn.error.matrix_shape": "{name}은(는) {shape}여야 합니다: 모든 행에 숫자가 {columns}개 필요한데({why}) {row}번 행은 {got}개입니다.",
    "rnn.error.size_limit.steps": "{field}의 단계는 {steps}개입니다. 최대 {limit}개까지 허용됩니다.",
    "rnn.error.matrix_shape.U_rows": "U는 H×D이고 행이 H = {hidden}개(W처럼 은닉 유닛마다 하나)여야 하는데 {got}입니다.",
    "rnn.error.matrix_shape.U_columns": "U의 행에는 숫자가 {got}개입니다. D(입력 크기)는 1 이상 {limit} 이하여야 합니다.",
    "rnn.error.size_limit.entries": "T·(C·H + H·H + H·D) = {entries}개의 단계별 기울기 원소는 너무 많습니다 (최대 {limit}개): 단계를 줄이거나 행렬을 작게 하세요.",
    "rnn.error.vector_length.sequence": "{field}[{t}]은(는) 숫자 {size}개({size_name})의 벡터여야 하는데 {got}입니다.",
    "warning.binary_grad_probs_infinite": "클래스 {classes}에서 y_k와 달리 ŷ_k가 정확히 0이나 1로 반올림되어 ∂L/∂ŷ_k = −y_k/ŷ_k + (1 − y_k)/(1 − ŷ_k)가 ±∞입니다 (null로 보냄). ∂L/∂o = (ŷ − y)/T는 ŷ나 1 − ŷ로 나누지 않으므로 유한합니다: 그래서 프레임워크는 binary_cross_entropy_with_logits를 제공합니다. ŷ를 거치는 연쇄 법칙 검산도 같은 이유로 null입니다.",
    "warning.sigmoid_saturated": "클래스 {classes}에서 ŷ_k가 정확히 0이나 1로 반올림되었습니다. log ŷ_k와 log(1 − ŷ_k)는 softplus로 계산해 여전히 정확합니다.",
    "warning.squared_error_vanishes": "{rows}번 행: 예측이 자신 있게 틀렸는데(ŷ − y가 {error}까지) ∂L/∂o는 최대 {grad}뿐입니다. 제곱 오차에서는 ∂L/∂o = J·2(ŷ − y)이고, 교차 엔트로피처럼 k에 대한 합에서 ŷ_k가 소거되지 않습니다: ŷ가 포화되면 0에 가까워지는 소프트맥스 야코비안이 기울기를 줄입니다. 교차 엔트로피라면 ŷ − y입니다.",
    "warning.sigmoid_squared_error_vanishes": "{rows}번 행: 예측이 자신 있게 틀렸는데(ŷ − y가 {error}까지) ∂L/∂o는 최대 {grad}뿐입니다. 제곱 오차에서는 ∂L/∂o = 2(ŷ − y)ŷ(1 − ŷ)/T이고, ŷ가 포화되면 σ′ = ŷ(1 − ŷ)가 0에 가깝습니다. 이진 교차 엔트로피라면 ŷ − y입니다.",
    "error.sigmoid_label_smoothing": "activation이 'sigmoid'이면 label_smoothing = {label_smoothing}을(를) 쓸 수 없습니다: 클래스마다 타깃이 [0, 1] 범위의 확률입니다. label_smoothing을 0으로 하거나 activation 'softmax'를 쓰세요.",
    "error.sigmoid_target": "{where} = {value}은(는) 1보다 큽니다: activation이 'sigmoid'이면 클래스마다 타깃은 [0, 1] 범위의 확률입니다 (여러 클래스가 1일 수 있습니다: 다중 레이블).",
    "error.compare_row": "비교는 예시 하나를 따라갑니다: {batch}개 행의 배치가 아니라 로짓 한 행(숫자 목록)을 보내세요.",
    "error.compare_loss_function": "비교는 cross_entropy와 squared_error를 나란히 보여 줍니다: loss_function은 빼세요 (softmax와 sigmoid는 activation으로 고릅니다).",
    "error.sweep_range": "sweep_to = {sweep_to}은(는) sweep_from = {sweep_from}보다 커야 합니다: 스윕은 정답 로짓을 sweep_from에서 sweep_to까지 움직입니다.",
    "error.sweep_limit": "sweep_points × C = {points} × {classes}는 이 서버의 한도 {limit}개를 넘습니다: 스윕 점을 줄이세요.",
    "derivation.sigmoid.title": "시그모이드는 로짓마다 따로 확률을 만듭니다",
    "derivation.sigmoid_jacobian_diagonal.title": "시그모이드 미분, i = j인 경우: σ′ = ŷ(1 − ŷ)",
    "derivation.sigmoid_jacobian_off_diagonal.title": "시그모이드 미분, i ≠ j인 경우: 0 (야코비안은 대각 행렬)",
    "derivation.binary_loss.title": "클래스마다 더한 이진 교차 엔트로피",
    "derivation.squared_loss.title": "제곱 오차 손실",
    "derivation.binary_grad_probs.note": "어떤 ŷ_k가 y_k와 달리 0이나 1로 반올림되어 ∂L/∂ŷ_k = ±∞입니다. 아래 ∂L/∂o는 유한합니다: 그래서 프레임워크는 시그모이드와 손실을 합쳐 계산합니다.",
    "derivation.no_cancellation.title": "정리하기: 제곱 오차에서는 ŷ_k가 소거되지 않습니다",
    "derivation.no_cancellation.note": "교차 엔트로피에서는 ∂L/∂ŷ_k = −y_k/ŷ_k가 야코비안 항마다 있는 ŷ_k를 소거해 합이 ŷ − y로 줄어듭니다. 여기서는 2(ŷ_k − y_k)가 ŷ_k를 남깁니다: k에 대한 합이 더는 소거되지 않고 ∂L/∂o = J·2(ŷ − y)입니다.",
    "derivation.result_squared.title": "기울기: ŷ − y가 아니라 J·2(ŷ − y)",
    "derivation.result_sigmoid_squared.title": "기울기: ŷ − y가 아니라 2(ŷ − y)ŷ(1 − ŷ)",
    "derivation.result_squared.note": "야코비안의 ŷ(1 − ŷ)는 ŷ가 포화되면 예측이 틀려도 0으로 갑니다: 자신 있게 틀린 예측은 거의 밀리지 않습니다. 교차 엔트로피의 ŷ − y(아래)는 계속 당깁니다.",
    "derivation.result_sigmoid.title": "기울기: 클래스마다 ŷ − y",
    "preset.compare-confident-wrong.title": "왜 교차 엔트로피인가: 자신 있게 틀린 예측",
    "preset.compare-confident-wrong.description": "로짓 [6, 0, −2]는 클래스 0에 걸었지만 정답은 클래스 2입니다. 교차 엔트로피는 ∂L/∂o_2 ≈ −1로 o_2를 당기지만, 제곱 오차는 거의 움직이지 않습니다(≈ −0.001): ŷ가 포화된 곳에서 소프트맥스 야코비안이 0에 가깝기 때문입니다. k에 대한 합이 더는 소거되지 않습니다.",
    "preset.sigmoid-multi-label.title": "시그모이드: 여러 레이블을 한 번에",
    "preset.sigmoid-multi-label.description": "클래스 전체에 대한 소프트맥스가 아니라 클래스마다 시그모이드 하나: 사진에 야외의 고양이가 있어 타깃 두 개가 1입니다. ŷ의 합은 1일 필요가 없고, 야코비안은 대각 행렬이며, 이진 교차 엔트로피의 기울기는 클래스마다 ∂L/∂o = ŷ − y입니다.",
}

MESSAGES: dict[str, dict[str, str]] = {
    "en": {**EN, **SERVER_EN},
    "ko": {**KO, **KO_SERVER_TEXT, **SERVER_KO},
}


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
