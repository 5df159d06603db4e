// Select all on the page, and confirm before deleting.
for (const box of document.querySelectorAll('[data-select-all]')) {
  box.addEventListener('change', () => {
    for (const item of document.querySelectorAll('input[name="ids"]')) item.checked = box.checked;
  });
}
for (const button of document.querySelectorAll('button[data-confirm]')) {
  button.addEventListener('click', (event) => {
    if (!window.confirm(button.getAttribute('data-confirm'))) event.preventDefault();
  });
}
