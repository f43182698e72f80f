// Ctrl+Enter runs the test from anywhere on the page; line numbers follow the YAML editor's scroll.
document.addEventListener('keydown', e => {
  if (e.ctrlKey && e.key === 'Enter') {
    const test = document.querySelector('button[data-test-button]');
    if (test && !test.disabled) { e.preventDefault(); test.click(); }
  }
});
document.addEventListener('scroll', e => {
  const t = e.target;
  if (t && t.classList && t.classList.contains('yaml-text')) {
    const gutter = t.parentElement.querySelector('.yaml-gutter');
    if (gutter) gutter.scrollTop = t.scrollTop;
  }
}, true);
// Test refused for an invalid field: focus the first invalid field of the stream editor's open tab (opening any
// collapsed section that holds it).
window.siphonFocusFirstInvalid = panel => {
  const field = panel && panel.querySelector('[aria-invalid="true"]');
  if (!field) return;
  for (let d = field.closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) d.open = true;
  field.focus();
};
// A template suggestion goes in at the field's cursor (or over its selection), as if typed, and the field is saved.
window.siphonInsertAtCursor = (field, text) => {
  if (!field) return;
  const start = field.selectionStart ?? field.value.length, end = field.selectionEnd ?? start;
  field.value = field.value.slice(0, start) + text + field.value.slice(end);
  field.focus();
  field.setSelectionRange(start + text.length, start + text.length);
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
};
