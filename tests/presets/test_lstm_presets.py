"""The LSTM presets: seeded weights that the seed reproduces, and honest numbers in the notes."""

from __future__ import annotations

import numpy as np

from app.numerics.lstm import run_lstm
from app.numerics.rnn import run_rnn
from app.presets import PRESETS, presets_of
from app.presets.lstm import LECTURE_LSTM, LECTURE_LSTM_SEED, LONG_LSTM, SEEDED, seeded_weights
from app.presets.rnn import LECTURE_RNN
from app.schemas.lstm import LstmRequest
from app.schemas.presets import Preset


def test_the_written_out_weights_are_the_seeded_ones() -> None:
    regenerated = seeded_weights(LECTURE_LSTM_SEED)
    assert set(regenerated) == set(SEEDED)
    for name, values in SEEDED.items():
        np.testing.assert_array_equal(regenerated[name], np.array(values), err_msg=name)
        assert np.abs(values).max() <= 0.15
    assert str(LECTURE_LSTM_SEED) in LECTURE_LSTM.description_en
    assert str(LECTURE_LSTM_SEED) in LECTURE_LSTM.description_ko
    assert "seeded" in LECTURE_LSTM.title_en


def test_the_lecture_lstm_runs_the_rnn_s_sequence() -> None:
    body = LECTURE_LSTM.request()
    assert body["inputs"] == LECTURE_RNN.request()["inputs"] == [0, 2]
    assert body["labels"] == LECTURE_RNN.request()["labels"] == [2, 1]
    assert len(body["W_f"]) == 2 and len(body["W_y"]) == 3  # H = 2, C = 3
    assert not {"b_f", "b_i", "b_c", "b_o", "h0", "c0"} & set(body)


def test_request_and_arrays_agree() -> None:
    for preset in (LECTURE_LSTM, LONG_LSTM):
        arrays = LstmRequest.model_validate(preset.request()).arrays()
        *weights, inputs, targets, biases = preset.arrays()
        for name, array in zip(("W_f", "W_i", "W_c", "W_o", "W_y"), weights, strict=True):
            np.testing.assert_array_equal(arrays[name], array)
        np.testing.assert_array_equal(arrays["inputs"], inputs)
        np.testing.assert_array_equal(arrays["targets"], targets)
        for ours, theirs in zip(arrays["biases"], biases, strict=True):
            assert (ours is None) == (theirs is None)


def test_long_preset_notes_are_what_the_numerics_compute() -> None:
    h_note, c_note = LONG_LSTM.notes
    *weights, inputs, targets, biases = LONG_LSTM.arrays()
    lstm = run_lstm(*weights, inputs, targets, biases)
    W, U, V, _, _ = LECTURE_RNN.arrays()
    rnn = run_rnn(W, U, V, inputs, targets)
    assert h_note["lstm"] == np.linalg.norm(lstm.grad_h[0])
    assert h_note["rnn"] == np.linalg.norm(rnn.grad_h[0])
    assert c_note["lstm"] == np.linalg.norm(lstm.grad_c[0])
    assert h_note["rnn_request"]["inputs"] == LONG_LSTM.request()["inputs"]
    # Only the last step has a loss, so every gradient at step 1 came back through time.
    assert (lstm.losses[:-1] == 0).all() and lstm.losses[-1] > 0
    for text in (LONG_LSTM.description_en, LONG_LSTM.description_ko):
        assert f"{h_note['lstm']:.3g}" in text and f"{h_note['rnn']:.3g}" in text
    for note in LONG_LSTM.notes:
        assert note["note_en"] and note["note_ko"] and note["note_en"] != note["note_ko"]


def test_presets_are_listed_and_valid() -> None:
    listed = presets_of("lstm")
    assert [p["id"] for p in listed] == ["lecture-lstm", "long-memory-lstm"]
    for preset in listed:
        Preset.model_validate(preset)
        LstmRequest.model_validate(preset["request"])
    # After every preset that was there before them (the large one last), so that their
    # order is unchanged; later presets come after them.
    kinds = [p["kind"] for p in PRESETS]
    first = kinds.index("lstm")
    assert kinds[first - 1 : first + 2] == ["large", "lstm", "lstm"]
