"""The /rnn page's text in English and Korean, merged over the shared catalogue.

The page embeds one catalogue, as the main page does, so the shared language switch
(`static/js/i18n.js`) re-labels it in place. The merge also gives this page its own
`app.title` and `app.tagline`, which `templates/base.html` shows in the header.
Korean error and warning texts are keyed by the API's `type` / `code` under `rnn.`,
because the RNN's errors carry other context fields than the main page's of the same
type (`class_index_range`, `non_finite`).
"""

from __future__ import annotations

from collections.abc import Mapping

from app.i18n import MESSAGES

RNN_EN: dict[str, str] = {
    "app.title": "gradviz — the lecture's RNN and backpropagation through time",
    "app.tagline": (
        "Change W, U, V or the sequence, and watch ∂L/∂V = Σ_t (ŷ_t − y_t) h_tᵀ being built."
    ),
    "rnn.model": "h_t = tanh(W h_{t−1} + U x_t),  o_t = V h_t,  ŷ_t = softmax(o_t),  L = Σ_t L_t",
    "rnn.inputs.heading": "The network and its sequence",
    "rnn.sizes.heading": "Sizes",
    "rnn.size.hidden": "Hidden units H",
    "rnn.size.inputs": "Input size D",
    "rnn.size.classes": "Classes C",
    "rnn.size.steps": "Steps T",
    "rnn.size.hidden.add": "Add a hidden unit",
    "rnn.size.hidden.remove": "Remove the last hidden unit",
    "rnn.size.inputs.add": "Add an input dimension (a column of U)",
    "rnn.size.inputs.remove": "Remove the last input dimension",
    "rnn.size.classes.add": "Add a class (a row of V)",
    "rnn.size.classes.remove": "Remove the last class",
    "rnn.size.steps.add": "Add a step",
    "rnn.size.steps.remove": "Remove the last step",
    "rnn.weights.heading": "Weights",
    "rnn.weights.help": "Type a number in any cell; everything below is recomputed on the server.",
    "rnn.W.label": "W (H×H): recurrent weights, h_{t−1} → h_t",
    "rnn.U.label": "U (H×D): input weights, x_t → h_t",
    "rnn.V.label": "V (C×H): output weights, h_t → o_t",
    "rnn.h0.use": "Set the initial state h_0 (otherwise h_0 = 0)",
    "rnn.h0.label": "Initial state h_0",
    "rnn.sequence.heading": "Sequence",
    "rnn.sequence.help": (
        "x_t and y_t are one-hot: pick the word's index, from 0 (index 0 is the lecture's e_1)."
    ),
    "rnn.sequence.step": "t",
    "rnn.sequence.x": "Input x_t",
    "rnn.sequence.y": "Target y_t",
    "rnn.sequence.x.label": "Input x_{t} (word index)",
    "rnn.sequence.y.label": "Target y_{t} (word index)",
    "rnn.loss": "Loss L = Σ_t L_t",
    "rnn.values.heading": "Step by step",
    "rnn.values.caption": "Every vector of the forward and the backward pass; indices from 0.",
    "rnn.values.quantity": "Quantity",
    "rnn.values.step": "t = {t}",
    "rnn.row.x": "x_t (input)",
    "rnn.row.h": "h_t = tanh(W h_{t−1} + U x_t)",
    "rnn.row.o": "o_t = V h_t",
    "rnn.row.probs": "ŷ_t = softmax(o_t)",
    "rnn.row.target": "y_t (target)",
    "rnn.row.loss": "L_t = −Σ_k y_tk log ŷ_tk",
    "rnn.row.grad_logits": "∂L/∂o_t = ŷ_t − y_t",
    "rnn.row.grad_h": "∂L/∂h_t",
    "rnn.row.grad_a": "∂L/∂a_t = (1 − h_t²) ⊙ ∂L/∂h_t",
    "rnn.fact.h0": "h_0",
    "rnn.fact.grad_h0": "∂L/∂h_0 = Wᵀ ∂L/∂a_1",
    "rnn.notes.heading": "Where the lecture's slides print other digits",
    "rnn.notes.marker": "See the note on the slides below the table",
    "rnn.series.diff": "ŷ_t − y_t",
    "rnn.panel.step": "t = {t}",
    "rnn.panel.total": "Σ_t",
    "rnn.axis.class": "class k",
    "rnn.axis.hidden": "hidden unit j",
    "rnn.axis.hidden_to": "hidden unit i",
    "rnn.axis.input": "input j",
    "rnn.axis.value": "value",
    "chart.rnn_steps": "Per step: ŷ_t beside y_t, and ŷ_t − y_t",
    "chart.rnn_steps.caption": (
        "Top: the prediction and the target of each step. Bottom: ∂L/∂o_t = ŷ_t − y_t,"
        " blue below zero, orange above."
    ),
    "chart.rnn_grad_V": "∂L/∂V = Σ_t (ŷ_t − y_t) h_tᵀ",
    "chart.rnn_grad_V.caption": (
        "Each step's outer product (rows: classes k, columns: hidden units j) and, last,"
        " their sum. One colour scale for all panels, white at 0."
    ),
    "chart.rnn_grad_W": "∂L/∂W = Σ_t ∂L/∂a_t h_{t−1}ᵀ",
    "chart.rnn_grad_W.caption": (
        "Backpropagation through time: ∂L/∂a_t carries every later step's loss back to"
        " step t. With h_0 = 0 the first step adds nothing."
    ),
    "chart.rnn_grad_U": "∂L/∂U = Σ_t ∂L/∂a_t x_tᵀ",
    "chart.rnn_grad_U.caption": "x_t is one-hot, so step t fills only the column of its word.",
    "rnn.derivation.heading": "Backpropagation through time with your numbers",
    "rnn.derivation.intro": (
        "The chain from the loss back to every weight, with the numbers above."
        " Steps t count from 1, as in the lecture; entries of vectors from 0."
    ),
}

RNN_KO: dict[str, str] = {
    "app.title": "gradviz — 강의의 RNN과 시간 역전파",
    "app.tagline": "W, U, V나 시퀀스를 바꾸며 ∂L/∂V = Σ_t (ŷ_t − y_t) h_tᵀ가 쌓이는 것을 보세요.",
    "rnn.model": "h_t = tanh(W h_{t−1} + U x_t),  o_t = V h_t,  ŷ_t = softmax(o_t),  L = Σ_t L_t",
    "rnn.inputs.heading": "신경망과 시퀀스",
    "rnn.sizes.heading": "크기",
    "rnn.size.hidden": "은닉 유닛 H",
    "rnn.size.inputs": "입력 크기 D",
    "rnn.size.classes": "클래스 C",
    "rnn.size.steps": "단계 T",
    "rnn.size.hidden.add": "은닉 유닛 하나 추가",
    "rnn.size.hidden.remove": "마지막 은닉 유닛 삭제",
    "rnn.size.inputs.add": "입력 차원 하나 추가 (U의 열)",
    "rnn.size.inputs.remove": "마지막 입력 차원 삭제",
    "rnn.size.classes.add": "클래스 하나 추가 (V의 행)",
    "rnn.size.classes.remove": "마지막 클래스 삭제",
    "rnn.size.steps.add": "단계 하나 추가",
    "rnn.size.steps.remove": "마지막 단계 삭제",
    "rnn.weights.heading": "가중치",
    "rnn.weights.help": "아무 칸에나 숫자를 입력하세요. 아래의 모든 값을 서버가 다시 계산합니다.",
    "rnn.W.label": "W (H×H): 순환 가중치, h_{t−1} → h_t",
    "rnn.U.label": "U (H×D): 입력 가중치, x_t → h_t",
    "rnn.V.label": "V (C×H): 출력 가중치, h_t → o_t",
    "rnn.h0.use": "초기 상태 h_0 지정 (지정하지 않으면 h_0 = 0)",
    "rnn.h0.label": "초기 상태 h_0",
    "rnn.sequence.heading": "시퀀스",
    "rnn.sequence.help": (
        "x_t와 y_t는 원-핫 벡터입니다. 단어 번호를 0부터 고르세요 (0번이 강의의 e_1)."
    ),
    "rnn.sequence.step": "t",
    "rnn.sequence.x": "입력 x_t",
    "rnn.sequence.y": "정답 y_t",
    "rnn.sequence.x.label": "입력 x_{t} (단어 번호)",
    "rnn.sequence.y.label": "정답 y_{t} (단어 번호)",
    "rnn.loss": "손실 L = Σ_t L_t",
    "rnn.values.heading": "단계별 값",
    "rnn.values.caption": "순전파와 역전파의 모든 벡터입니다. 인덱스는 0부터 셉니다.",
    "rnn.values.quantity": "값",
    "rnn.values.step": "t = {t}",
    "rnn.row.x": "x_t (입력)",
    "rnn.row.h": "h_t = tanh(W h_{t−1} + U x_t)",
    "rnn.row.o": "o_t = V h_t",
    "rnn.row.probs": "ŷ_t = softmax(o_t)",
    "rnn.row.target": "y_t (정답)",
    "rnn.row.loss": "L_t = −Σ_k y_tk log ŷ_tk",
    "rnn.row.grad_logits": "∂L/∂o_t = ŷ_t − y_t",
    "rnn.row.grad_h": "∂L/∂h_t",
    "rnn.row.grad_a": "∂L/∂a_t = (1 − h_t²) ⊙ ∂L/∂h_t",
    "rnn.fact.h0": "h_0",
    "rnn.fact.grad_h0": "∂L/∂h_0 = Wᵀ ∂L/∂a_1",
    "rnn.notes.heading": "강의 슬라이드의 숫자가 다른 곳",
    "rnn.notes.marker": "표 아래의 슬라이드 설명을 보세요",
    "rnn.series.diff": "ŷ_t − y_t",
    "rnn.panel.step": "t = {t}",
    "rnn.panel.total": "Σ_t",
    "rnn.axis.class": "클래스 k",
    "rnn.axis.hidden": "은닉 유닛 j",
    "rnn.axis.hidden_to": "은닉 유닛 i",
    "rnn.axis.input": "입력 j",
    "rnn.axis.value": "값",
    "chart.rnn_steps": "단계별: ŷ_t와 y_t, 그리고 ŷ_t − y_t",
    "chart.rnn_steps.caption": (
        "위: 각 단계의 예측과 정답. 아래: ∂L/∂o_t = ŷ_t − y_t, 0보다 작으면 파랑, 크면 주황."
    ),
    "chart.rnn_grad_V": "∂L/∂V = Σ_t (ŷ_t − y_t) h_tᵀ",
    "chart.rnn_grad_V.caption": (
        "단계마다의 외적 (행: 클래스 k, 열: 은닉 유닛 j)과 맨 오른쪽의 합."
        " 모든 칸이 0을 흰색으로 하는 같은 색 척도를 씁니다."
    ),
    "chart.rnn_grad_W": "∂L/∂W = Σ_t ∂L/∂a_t h_{t−1}ᵀ",
    "chart.rnn_grad_W.caption": (
        "시간 역전파: ∂L/∂a_t는 이후 모든 단계의 손실을 t 단계로 되돌려 보냅니다."
        " h_0 = 0이면 첫 단계는 아무것도 더하지 않습니다."
    ),
    "chart.rnn_grad_U": "∂L/∂U = Σ_t ∂L/∂a_t x_tᵀ",
    "chart.rnn_grad_U.caption": "x_t가 원-핫이므로 t 단계는 그 단어의 열만 채웁니다.",
    "rnn.derivation.heading": "내 숫자로 보는 시간 역전파",
    "rnn.derivation.intro": (
        "손실에서 각 가중치까지의 연쇄 법칙을 위의 숫자로 씁니다."
        " 단계 t는 강의처럼 1부터, 벡터의 원소는 0부터 셉니다."
    ),
    # The API's errors and warnings in Korean, by type / code. A text is used only when
    # the error's context fills every placeholder; otherwise the page shows the server's
    # English message, which names the exact entry.
    "rnn.error.float_type": "{where}: 숫자를 입력하세요.",
    "rnn.error.number_type": "{where}은(는) 숫자여야 합니다. 입력값: {got}",
    "rnn.error.finite_number": (
        "{where}이(가) {got}입니다: 모든 숫자는 유한해야 합니다 (NaN, Infinity, 오버플로 불가)."
    ),
    "rnn.error.class_index_type": (
        "{field}[{t}]은(는) 0 이상의 정수인 클래스 번호나 숫자 목록이어야 합니다. 입력값: {got}"
    ),
    "rnn.error.class_index_range": (
        "{field}[{t}] = {got}은(는) 클래스 번호가 아닙니다: {symbol}의 원소는 {size}개({size_name})이므로"
        " 번호는 0 이상 {size} 미만입니다."
    ),
    "rnn.error.negative_label": (
        "{field}[{t}][{k}] = {got}은(는) 음수입니다: 정답 벡터 y_t의 원소는 0 이상이어야 합니다."
    ),
    "rnn.error.empty_sequence": "{field}이(가) 비어 있습니다: 단계를 하나 이상 주세요.",
    "rnn.error.sequence_length": (
        "정답은 {got}개인데 입력은 {steps}개입니다: 입력 x_t마다 정답 y_t가 하나씩 필요합니다."
    ),
    "rnn.error.vector_length": (
        "h0에는 은닉 유닛 수 H = {hidden}만큼의 숫자가 필요한데 {got}개입니다."
    ),
    "rnn.warning.label_sum_not_one": (
        "y_t의 합이 1이 아니라 {sums}입니다: 그 단계의 ∂L/∂o_t는 ŷ_t·Σy_t − y_t이며,"
        " 강의의 ŷ_t − y_t는 Σy_t = 1일 때만 성립합니다."
    ),
    "rnn.warning.non_finite": (
        "{field}의 값이 float64 범위를 넘어 null로 표시합니다:"
        " 가중치나 입력이 너무 커서 그로부터 계산한 값도 null입니다."
    ),
}

RNN_MESSAGES: dict[str, dict[str, str]] = {
    "en": {**MESSAGES["en"], **RNN_EN},
    "ko": {**MESSAGES["ko"], **RNN_KO},
}


def rnn_messages(language: str) -> Mapping[str, str]:
    """The /rnn page's catalogue of one language (shared text, then this page's)."""
    return RNN_MESSAGES[language]
