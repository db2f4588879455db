import { useInput } from 'ink';
import type { Dispatch } from 'react';
import { keyName } from '../model/keymap.js';
import type { TuiAction } from '../model/state.js';

/** Forwards keypresses to the reducer, which resolves them with the keymap. */
export function useKeyDispatch(dispatch: Dispatch<TuiAction>, active: boolean): void {
  useInput(
    (input, key) => {
      const text = key.ctrl || key.meta ? '' : input;
      dispatch({ type: 'press', key: keyName(input, key), text });
    },
    { isActive: active },
  );
}
