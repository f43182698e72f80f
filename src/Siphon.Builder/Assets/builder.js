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
