import { useInput } from 'ink';
import type { Dispatch } from 'react';
import { acceptsText, bindingFor, keyName, type KeyContext } from './keymap.js';
import type { TuiAction } from './state.js';

/** Keys -> the keymap's actions; unbound printable keys become text where a text field is open. */
export function useKeyDispatch(context: KeyContext, dispatch: Dispatch<TuiAction>, active: boolean): void {
  useInput(
    (input, key) => {
      const binding = bindingFor(context, keyName(input, key));
      if (binding !== undefined) {
        dispatch({ type: 'key', action: binding.action });
        return;
      }
      if (acceptsText(context) && !key.ctrl && !key.meta && input !== '') dispatch({ type: 'text', text: input });
    },
    { isActive: active },
  );
}
