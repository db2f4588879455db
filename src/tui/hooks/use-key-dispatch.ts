import { useInput } from 'ink';
import type { Dispatch } from 'react';
import { keyName, pressesOfText } from '../model/keymap.js';
import type { TuiAction } from '../model/state.js';

/** Forwards keypresses to the reducer, which resolves them with the keymap; a run of characters read at once, key by key. */
export function useKeyDispatch(dispatch: Dispatch<TuiAction>, active: boolean): void {
  useInput(
    (input, key) => {
      if (!key.ctrl && !key.meta && [...input].length > 1) {
        for (const press of pressesOfText(input)) dispatch({ type: 'press', ...press });
        return;
      }
      const text = key.ctrl || key.meta ? '' : input;
      dispatch({ type: 'press', key: keyName(input, key), text });
    },
    { isActive: active },
  );
}
